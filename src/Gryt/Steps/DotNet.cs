using Gryt.Steps;
using Gryt.Steps.Reports;

namespace Gryt;

/// <summary>Arguments shared by the dotnet steps.</summary>
file static class DotnetArguments
{
    public static IEnumerable<string> Project(string? project) => project is null ? [] : [project];

    public static IEnumerable<string> Configuration(string? configuration) =>
        configuration is null ? [] : ["--configuration", configuration];
}

/// <summary><c>dotnet restore [project]</c>.</summary>
public sealed class DotnetRestoreStep(string? project = null, string? name = null)
    : ToolStep(name ?? "dotnet-restore", "Restore NuGet packages")
{
    public string? Project { get; } = project;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", ["restore", .. DotnetArguments.Project(Project)])];
}

/// <summary><c>dotnet build [project] --configuration Release [--no-restore]</c>.</summary>
public sealed class DotnetBuildStep(
    string configuration = "Release",
    string? project = null,
    bool noRestore = false,
    string? name = null)
    : ToolStep(name ?? "dotnet-build", "Build the .NET solution")
{
    public string Configuration { get; } = configuration;

    public string? Project { get; } = project;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", [
            "build", .. DotnetArguments.Project(Project), .. DotnetArguments.Configuration(Configuration),
            .. noRestore ? ["--no-restore"] : Array.Empty<string>()])];
}

/// <summary>
/// <c>dotnet test</c> writing TRX results (and, with <see cref="CollectCoverage"/>, Cobertura
/// coverage) to <see cref="ResultsDirectory"/>. After the run, whether the tests passed or not,
/// the files this run wrote there are parsed and recorded: <c>tests_total</c>,
/// <c>tests_failed</c>, <c>tests_skipped</c> summed over all test projects, and <c>coverage</c>
/// (percent of lines), plus each file as an artifact. The step records them itself rather than
/// through <see cref="Step.Reports"/> because their names are only known after the run (one TRX
/// per test project, coverage in a folder named by a GUID).
/// </summary>
public sealed class DotnetTestStep(
    string configuration = "Release",
    string? project = null,
    bool collectCoverage = false,
    string? resultsDirectory = null,
    bool noBuild = false,
    string? filter = null,
    string coverageCollector = "Code Coverage",
    string? settings = null,
    string? name = null)
    : ToolStep(name ?? "dotnet-test", "Run .NET tests")
{
    // Microsoft's collector measures every module with symbols, the test assemblies too, which
    // would inflate the coverage a release gate reads; these settings leave them out.
    private const string CoverageSettings = """
        <?xml version="1.0" encoding="utf-8"?>
        <RunSettings>
          <DataCollectionRunSettings>
            <DataCollectors>
              <DataCollector friendlyName="Code Coverage">
                <Configuration>
                  <Format>cobertura</Format>
                  <CodeCoverage>
                    <ModulePaths>
                      <Exclude>
                        <ModulePath>.*[Tt]ests?\.dll$</ModulePath>
                      </Exclude>
                    </ModulePaths>
                  </CodeCoverage>
                </Configuration>
              </DataCollector>
            </DataCollectors>
          </DataCollectionRunSettings>
        </RunSettings>
        """;

    public string Configuration { get; } = configuration;

    public string? Project { get; } = project;

    public bool CollectCoverage { get; } = collectCoverage;

    /// <summary>Relative to the step's folder; default <c>TestResults/&lt;step name&gt;</c>.</summary>
    public string ResultsDirectory { get; } = resultsDirectory ?? Path.Combine("TestResults", name ?? "dotnet-test");

    /// <summary><c>Code Coverage</c> (Microsoft's, part of Microsoft.NET.Test.Sdk) or
    /// <c>XPlat Code Coverage</c> (coverlet.collector, which the test project must reference).</summary>
    public string CoverageCollector { get; } = coverageCollector is "Code Coverage" or "XPlat Code Coverage"
        ? coverageCollector
        : throw new InvalidInputException($"dotnet-test: coverage collector must be 'Code Coverage' or 'XPlat Code Coverage', not '{coverageCollector}'");

    /// <summary>A .runsettings file; when set, gryt does not add its own coverage settings.</summary>
    public string? Settings { get; } = settings;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var settingsFile = Settings;
        if (settingsFile is null && CollectCoverage && CoverageCollector == "Code Coverage")
        {
            settingsFile = Path.Combine(invocation.ScratchDirectory, "coverage.runsettings");
            File.WriteAllText(settingsFile, CoverageSettings);
        }

        return [new("dotnet", [
            "test", .. DotnetArguments.Project(Project), .. DotnetArguments.Configuration(Configuration),
            "--results-directory", invocation.Resolve(ResultsDirectory),
            "--logger", "trx",
            .. CollectCoverage
                ? ["--collect", CoverageCollector == "Code Coverage" ? "Code Coverage;Format=cobertura" : CoverageCollector]
                : Array.Empty<string>(),
            .. settingsFile is null ? Array.Empty<string>() : ["--settings", settingsFile],
            .. noBuild ? ["--no-build"] : Array.Empty<string>(),
            .. filter is null ? Array.Empty<string>() : ["--filter", filter]])];
    }

    private protected override object? BeforeRun(ToolInvocation invocation)
    {
        var folder = invocation.Resolve(ResultsDirectory);
        return (new NewFiles(folder, "*.trx"), new NewFiles(folder, "*.cobertura.xml"));
    }

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        var (results, coverage) = ((NewFiles, NewFiles))state!;
        // VSTest also copies each coverage file next to the TRX (…/In/<machine>/): one copy per name.
        var written = results.Written()
            .Concat(coverage.Written().DistinctBy(Path.GetFileName, StringComparer.Ordinal))
            .ToList();
        if (written.Count == 0)
        {
            context.Log($"gryt: dotnet test wrote no results in {invocation.Resolve(ResultsDirectory)}");
        }

        StepReports.Record(context, written);
        return Task.CompletedTask;
    }
}

/// <summary><c>dotnet pack [project] --configuration Release [--output DIR] [-p:Version=V]</c>; the
/// packages written to <paramref name="output"/> are recorded as artifacts.</summary>
public sealed class DotnetPackStep(
    string? output = null,
    string configuration = "Release",
    string? project = null,
    string? version = null,
    string? name = null)
    : ToolStep(name ?? "dotnet-pack", "Pack NuGet packages")
{
    public string? Output { get; } = output;

    public string Configuration { get; } = configuration;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", [
            "pack", .. DotnetArguments.Project(project), .. DotnetArguments.Configuration(Configuration),
            .. Output is null ? Array.Empty<string>() : ["--output", Output],
            .. version is null ? Array.Empty<string>() : [$"-p:Version={version}"]])];

    private protected override object? BeforeRun(ToolInvocation invocation) =>
        Output is null ? null : new NewFiles(invocation.Resolve(Output), "*.nupkg");

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        if (state is NewFiles packages && outcome.Passed)
        {
            foreach (var package in packages.Written())
            {
                context.RecordArtifact(package);
            }
        }

        return Task.CompletedTask;
    }
}

/// <summary><c>dotnet publish [project] --configuration Release [--output DIR] [--runtime RID] [--self-contained true|false]</c>.</summary>
public sealed class DotnetPublishStep(
    string? output = null,
    string? runtime = null,
    bool? selfContained = null,
    string configuration = "Release",
    string? project = null,
    string? name = null)
    : ToolStep(name ?? "dotnet-publish", "Publish the .NET application")
{
    public string? Output { get; } = output;

    public string? Runtime { get; } = runtime;

    public bool? SelfContained { get; } = selfContained;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", [
            "publish", .. DotnetArguments.Project(project), .. DotnetArguments.Configuration(configuration),
            .. Output is null ? Array.Empty<string>() : ["--output", Output],
            .. Runtime is null ? Array.Empty<string>() : ["--runtime", Runtime],
            .. SelfContained is { } contained ? ["--self-contained", contained ? "true" : "false"] : Array.Empty<string>()])];
}
