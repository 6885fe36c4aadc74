using Gryt.Steps;
using Gryt.Steps.Reports;

namespace Gryt;

/// <summary>Arguments shared by the dotnet steps.</summary>
file static class DotnetArguments
{
    public static IEnumerable<string> Project(string? project) => project is null ? [] : [project];

    public static IEnumerable<string> Configuration(string? configuration) =>
        configuration is null ? [] : ["--configuration", configuration];

    public static IEnumerable<string> Framework(string? framework) => framework is null ? [] : ["--framework", framework];
}

/// <summary><c>dotnet restore [project]</c>.</summary>
public sealed class DotnetRestoreStep(string name) : ToolStep(name, "Restore NuGet packages")
{
    /// <summary>A project or solution file; default: the one in the step's folder.</summary>
    public string? Project { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", ["restore", .. DotnetArguments.Project(Project)])];
}

/// <summary><c>dotnet build [project] --configuration Release [--no-restore]</c>.</summary>
public sealed class DotnetBuildStep(string name) : ToolStep(name, "Build the .NET solution")
{
    public string Configuration { get; init; } = "Release";

    public string? Project { get; init; }

    public bool NoRestore { get; init; }

    /// <summary>A target framework of a multi-targeted project (<c>--framework</c>), e.g. <c>net10.0</c>.</summary>
    public string? Framework { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", [
            "build", .. DotnetArguments.Project(Project), .. DotnetArguments.Configuration(Configuration),
            .. DotnetArguments.Framework(Framework),
            .. NoRestore ? ["--no-restore"] : Array.Empty<string>()])];
}

/// <summary>
/// <c>dotnet test</c> writing TRX results (and, with <see cref="CollectCoverage"/>, Cobertura
/// coverage) to <see cref="ResultsDirectory"/>, with the options of the runner the project uses:
/// VSTest's (<c>--logger trx</c>, <c>--collect</c>), or Microsoft.Testing.Platform's when global.json
/// selects it (<c>--report-trx</c>, and <c>--coverlet</c> or <c>--coverage</c> of the coverage
/// extension the test projects reference; a missing extension fails the step naming its package).
/// After the run, whether the tests passed or not,
/// the files this run wrote there are parsed and recorded: <c>tests_total</c>,
/// <c>tests_failed</c>, <c>tests_skipped</c> summed over all test projects, and <c>coverage</c>
/// (percent of lines), plus each file as an artifact. The step records them itself rather than
/// through <see cref="Step.Reports"/> because their names are only known after the run (one TRX
/// per test project, coverage in a folder named by a GUID).
/// </summary>
public sealed class DotnetTestStep(string name) : ToolStep(name, "Run .NET tests")
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

    public string Configuration { get; init; } = "Release";

    public string? Project { get; init; }

    public bool CollectCoverage { get; init; }

    /// <summary>Relative to the step's folder; default <c>TestResults/&lt;step name&gt;</c>.</summary>
    public string ResultsDirectory { get => field ?? Path.Combine("TestResults", Name); init; }

    public bool NoBuild { get; init; }

    /// <summary>A <c>dotnet test --filter</c> expression, e.g. <c>Category!=Slow</c>.</summary>
    public string? Filter { get; init; }

    /// <summary><c>Code Coverage</c> (Microsoft's, part of Microsoft.NET.Test.Sdk) or
    /// <c>XPlat Code Coverage</c> (coverlet.collector, which the test project must reference); VSTest
    /// only: on Microsoft.Testing.Platform the extension the projects reference measures.</summary>
    public string CoverageCollector
    {
        get;
        init => field = value is "Code Coverage" or "XPlat Code Coverage"
            ? value
            : throw new InvalidInputException($"dotnet-test: coverage collector must be 'Code Coverage' or 'XPlat Code Coverage', not '{value}'");
    } = "Code Coverage";

    /// <summary>A .runsettings file; when set, gryt does not add its own coverage settings.</summary>
    public string? Settings { get; init; }

    /// <summary>A target framework of a multi-targeted test project (<c>--framework</c>).</summary>
    public string? Framework { get; init; }

    /// <summary>Coverlet filters of what to measure, e.g. <c>[MyApp]*</c>; only with the
    /// <c>XPlat Code Coverage</c> collector, or coverlet.MTP on Microsoft.Testing.Platform.</summary>
    public IReadOnlyList<string> CoverageInclude { get; init; } = [];

    /// <summary>Coverlet filters of what not to measure, e.g. <c>[*]MyApp.Generated.*</c>; only with
    /// the <c>XPlat Code Coverage</c> collector, or coverlet.MTP on Microsoft.Testing.Platform.</summary>
    public IReadOnlyList<string> CoverageExclude { get; init; } = [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var platform = DotnetTestPlatform.Detect(invocation.WorkingDirectory, Project);
        return platform.Runner == DotnetTestRunner.VSTest
            ? [VSTestCommand(invocation)]
            : [TestingPlatformCommand(invocation, platform)];
    }

    private ToolCommand VSTestCommand(ToolInvocation invocation)
    {
        var settingsFile = Settings;
        if (settingsFile is null && CollectCoverage && CoverageCollector == "Code Coverage")
        {
            settingsFile = Path.Combine(invocation.ScratchDirectory, "coverage.runsettings");
            File.WriteAllText(settingsFile, CoverageSettings);
        }

        var coverletFilters = new List<string>();
        if (CoverageInclude.Count + CoverageExclude.Count > 0)
        {
            if (!CollectCoverage || CoverageCollector != "XPlat Code Coverage")
            {
                throw new InvalidInputException("dotnet-test: coverage_include and coverage_exclude need collect_coverage with coverage_collector 'XPlat Code Coverage' (coverlet)");
            }

            // Coverlet reads its settings from these RunSettings arguments after "--", comma-separated.
            coverletFilters.Add("--");
            if (CoverageInclude.Count > 0) coverletFilters.Add("DataCollectionRunSettings.DataCollector.Configuration.Include=" + string.Join(',', CoverageInclude));
            if (CoverageExclude.Count > 0) coverletFilters.Add("DataCollectionRunSettings.DataCollector.Configuration.Exclude=" + string.Join(',', CoverageExclude));
        }

        return new("dotnet", [
            "test", .. DotnetArguments.Project(Project), .. DotnetArguments.Configuration(Configuration),
            .. DotnetArguments.Framework(Framework),
            "--results-directory", invocation.Resolve(ResultsDirectory),
            "--logger", "trx",
            .. CollectCoverage
                ? ["--collect", CoverageCollector == "Code Coverage" ? "Code Coverage;Format=cobertura" : CoverageCollector]
                : Array.Empty<string>(),
            .. settingsFile is null ? Array.Empty<string>() : ["--settings", settingsFile],
            .. NoBuild ? ["--no-build"] : Array.Empty<string>(),
            .. Filter is null ? Array.Empty<string>() : ["--filter", Filter],
            .. coverletFilters]);
    }

    /// <summary>Microsoft.Testing.Platform's options: TRX from its TrxReport extension (no file name, so
    /// that each test project writes its own), coverage from the extension the projects reference.
    /// Each option needs its package in every test project, else MTP runs nothing.</summary>
    private ToolCommand TestingPlatformCommand(ToolInvocation invocation, DotnetTestPlatform platform)
    {
        DotnetTestProject[] Missing(string package) => [.. platform.TestProjects.Where(p => !p.Uses(package))];
        static string Where(IReadOnlyList<DotnetTestProject> projects) =>
            string.Join(", ", projects.Select(p => p.Path))
            + (projects.Any(p => !p.FromAssets) ? " (as its project files say: restore it so gryt reads obj/project.assets.json)" : "");

        if (Missing(DotnetTestPlatform.TrxExtension) is { Length: > 0 } noTrx)
        {
            throw new InvalidInputException(
                $"dotnet-test: {Where(noTrx)} runs on Microsoft.Testing.Platform without TRX reports, so gryt could record no test results: add the package {DotnetTestPlatform.TrxExtension} to the test project");
        }

        var coverage = new List<string>();
        if (CollectCoverage)
        {
            if (Missing(DotnetTestPlatform.Coverlet).Length == 0)
            {
                coverage.AddRange(["--coverlet", "--coverlet-output-format", "cobertura"]);
                if (CoverageInclude.Count > 0) coverage.AddRange(["--coverlet-include", .. CoverageInclude]);
                if (CoverageExclude.Count > 0) coverage.AddRange(["--coverlet-exclude", .. CoverageExclude]);
            }
            else if (Missing(DotnetTestPlatform.MicrosoftCoverage).Length == 0)
            {
                if (CoverageInclude.Count + CoverageExclude.Count > 0)
                {
                    throw new InvalidInputException($"dotnet-test: coverage_include and coverage_exclude are coverlet filters: add the package {DotnetTestPlatform.Coverlet} to the test project, or filter {DotnetTestPlatform.MicrosoftCoverage} with its settings file");
                }

                coverage.AddRange(["--coverage", "--coverage-output-format", "cobertura"]);
            }
            else
            {
                throw new InvalidInputException(
                    $"dotnet-test: collect_coverage on Microsoft.Testing.Platform needs a coverage extension in every test project, and {Where(Missing(DotnetTestPlatform.Coverlet))} has none: add the package {DotnetTestPlatform.Coverlet}");
            }
        }
        else if (CoverageInclude.Count + CoverageExclude.Count > 0)
        {
            throw new InvalidInputException("dotnet-test: coverage_include and coverage_exclude need collect_coverage");
        }

        if (Settings is not null && Missing(DotnetTestPlatform.VSTestBridge) is { Length: > 0 } noSettings)
        {
            throw new InvalidInputException(
                $"dotnet-test: settings is a VSTest .runsettings file, which Microsoft.Testing.Platform reads only through {DotnetTestPlatform.VSTestBridge} (NUnit and MSTest use it), and {Where(noSettings)} does not: leave settings out (xunit.v3 reads xunit.runner.json)");
        }

        string[] options = [
            "--report-trx", .. coverage,
            .. Settings is null ? Array.Empty<string>() : ["--settings", Settings],
            .. Filter is null ? Array.Empty<string>() : ["--filter", Filter]];
        string[] build = [
            .. DotnetArguments.Configuration(Configuration), .. DotnetArguments.Framework(Framework),
            "--results-directory", invocation.Resolve(ResultsDirectory),
            .. NoBuild ? ["--no-build"] : Array.Empty<string>()];
        return platform.Runner == DotnetTestRunner.TestingPlatform
            ? new("dotnet", ["test", .. Project is null ? Array.Empty<string>() : ["--project", Project], .. build, .. options])
            : new("dotnet", ["test", .. DotnetArguments.Project(Project), .. build, "--", .. options]);
    }

    private protected override object? BeforeRun(ToolInvocation invocation)
    {
        var folder = invocation.Resolve(ResultsDirectory);
        // coverlet.MTP names its file coverage.cobertura.<timestamp>.xml, VSTest's collectors <name>.cobertura.xml.
        return new RunState(new NewFiles(folder, "*.trx"), new NewFiles(folder, "*.cobertura*.xml"));
    }

    private protected override string? OnOutput(object? state, string line)
    {
        if (line.Contains("Testing with VSTest target is no longer supported by Microsoft.Testing.Platform", StringComparison.Ordinal))
        {
            ((RunState)state!).NeedsGlobalJson = true;
        }

        return line;
    }

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        var run = (RunState)state!;
        if (run.NeedsGlobalJson)
        {
            context.Log("""gryt: the .NET 10 SDK runs Microsoft.Testing.Platform projects only in its MTP mode: add "test": { "runner": "Microsoft.Testing.Platform" } to global.json""");
        }

        // VSTest also copies each coverage file next to the TRX (…/In/<machine>/): one copy per name.
        var written = run.Results.Written()
            .Concat(run.Coverage.Written().DistinctBy(Path.GetFileName, StringComparer.Ordinal))
            .ToList();
        if (written.Count == 0)
        {
            context.Log($"gryt: dotnet test wrote no results in {invocation.Resolve(ResultsDirectory)}");
        }

        StepReports.Record(context, written);
        return Task.CompletedTask;
    }

    private sealed class RunState(NewFiles results, NewFiles coverage)
    {
        public NewFiles Results { get; } = results;

        public NewFiles Coverage { get; } = coverage;

        public bool NeedsGlobalJson { get; set; }
    }
}

/// <summary><c>dotnet pack [project] --configuration Release [--output DIR] [-p:Version=V]</c>; the
/// packages written to <see cref="Output"/> are recorded as artifacts.</summary>
public sealed class DotnetPackStep(string name) : ToolStep(name, "Pack NuGet packages")
{
    /// <summary>Where the packages go; those written there are recorded as artifacts.</summary>
    public string? Output { get; init; }

    public string Configuration { get; init; } = "Release";

    public string? Project { get; init; }

    /// <summary>The package version (<c>-p:Version=</c>).</summary>
    public string? Version { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", [
            "pack", .. DotnetArguments.Project(Project), .. DotnetArguments.Configuration(Configuration),
            .. Output is null ? Array.Empty<string>() : ["--output", Output],
            .. Version is null ? Array.Empty<string>() : [$"-p:Version={Version}"]])];

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
public sealed class DotnetPublishStep(string name) : ToolStep(name, "Publish the .NET application")
{
    public string? Output { get; init; }

    /// <summary>A runtime identifier such as <c>linux-x64</c>.</summary>
    public string? Runtime { get; init; }

    public bool? SelfContained { get; init; }

    public string Configuration { get; init; } = "Release";

    public string? Project { get; init; }

    /// <summary>A target framework of a multi-targeted project (<c>--framework</c>).</summary>
    public string? Framework { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("dotnet", [
            "publish", .. DotnetArguments.Project(Project), .. DotnetArguments.Configuration(Configuration),
            .. DotnetArguments.Framework(Framework),
            .. Output is null ? Array.Empty<string>() : ["--output", Output],
            .. Runtime is null ? Array.Empty<string>() : ["--runtime", Runtime],
            .. SelfContained is { } contained ? ["--self-contained", contained ? "true" : "false"] : Array.Empty<string>()])];
}
