namespace Gryt;

/// <summary>The package managers the Node steps drive.</summary>
file static class NodePackageManager
{
    public static string Check(string packageManager) => packageManager is "npm" or "pnpm" or "yarn"
        ? packageManager
        : throw new InvalidInputException($"package manager must be npm, pnpm or yarn, not '{packageManager}'");
}

/// <summary>
/// Installs dependencies: <c>npm ci</c> when <c>package-lock.json</c> or <c>npm-shrinkwrap.json</c>
/// exists in the step's folder, else <c>npm install</c> (pnpm: <c>install --frozen-lockfile</c> with
/// <c>pnpm-lock.yaml</c>; yarn: with <c>yarn.lock</c>). <see cref="UseCi"/> false always runs a plain install.
/// </summary>
public sealed class NpmInstallStep(string name) : ToolStep(name, "Install Node dependencies")
{
    /// <summary><c>npm</c> (default), <c>pnpm</c> or <c>yarn</c>.</summary>
    public string PackageManager { get; init => field = NodePackageManager.Check(value); } = "npm";

    public bool UseCi { get; init; } = true;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        bool Has(string file) => File.Exists(Path.Combine(invocation.WorkingDirectory, file));
        return PackageManager switch
        {
            "npm" when UseCi && (Has("package-lock.json") || Has("npm-shrinkwrap.json")) => [new("npm", ["ci", .. Args])],
            "pnpm" when UseCi && Has("pnpm-lock.yaml") => [new("pnpm", ["install", "--frozen-lockfile", .. Args])],
            "yarn" when UseCi && Has("yarn.lock") => [new("yarn", ["install", "--frozen-lockfile", .. Args])],
            _ => [new(PackageManager, ["install", .. Args])],
        };
    }
}

/// <summary>
/// <c>npm test [-- args]</c>. Test metrics come from a JUnit file the project's runner writes
/// (<see cref="JunitXml"/>; with <see cref="NodeTestReporter"/> gryt asks <c>node --test</c> for it),
/// coverage from an LCOV or istanbul <c>coverage-summary.json</c> file (<see cref="Coverage"/>).
/// </summary>
public sealed class NpmTestStep(string name) : ToolStep(name, "Run Node tests")
{
    /// <summary>Where <see cref="NodeTestReporter"/> writes its JUnit file when <see cref="JunitXml"/> is not set.</summary>
    internal const string DefaultNodeJunitXml = "test-results/node-junit.xml";

    /// <summary><c>npm</c> (default), <c>pnpm</c> or <c>yarn</c>.</summary>
    public string PackageManager { get; init => field = NodePackageManager.Check(value); } = "npm";

    /// <summary>A JUnit XML file the test runner writes (jest-junit, vitest's or mocha's JUnit
    /// reporter), parsed after the run into <c>tests_total</c>, <c>tests_failed</c>, <c>tests_skipped</c>.</summary>
    public string? JunitXml { get; init; }

    /// <summary>For a <c>test</c> script that runs <c>node --test</c>: passes node's built-in reporters
    /// (<c>spec</c> to the console, <c>junit</c> to <see cref="JunitXml"/>, default
    /// <c>test-results/node-junit.xml</c>) after <c>--</c>.</summary>
    public bool NodeTestReporter { get; init; }

    /// <summary>An LCOV file or istanbul <c>coverage-summary.json</c> (c8, nyc, jest, vitest), parsed
    /// after the run into <c>coverage</c>.</summary>
    public string? Coverage { get; init; }

    private string? Junit => JunitXml ?? (NodeTestReporter ? DefaultNodeJunitXml : null);

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        string[] reporters = NodeTestReporter
            ? ["--test-reporter=spec", "--test-reporter-destination=stdout", "--test-reporter=junit", $"--test-reporter-destination={Junit}"]
            : [];
        string[] extra = [.. Args, .. reporters];
        return [new(PackageManager, ["test", .. extra.Length > 0 ? ["--", .. extra] : Array.Empty<string>()])];
    }

    private protected override object? BeforeRun(ToolInvocation invocation)
    {
        // Reports left by an earlier run must not count as this run's; node --test cannot create
        // the folder of its reporter destination.
        foreach (var report in new[] { Junit, Coverage }.OfType<string>())
        {
            var path = invocation.Resolve(report);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.Delete(path);
        }

        return null;
    }

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        var reports = new[] { Junit, Coverage }.OfType<string>().Select(invocation.Resolve).ToList();
        if (reports.Count > 0)
        {
            Gryt.Steps.Reports.StepReports.Record(context, reports);
        }

        return Task.CompletedTask;
    }
}

/// <summary><c>npm run &lt;script&gt;</c> (default <c>build</c>).</summary>
public sealed class NpmBuildStep(string name) : ToolStep(name, "Build the Node package")
{
    /// <summary><c>npm</c> (default), <c>pnpm</c> or <c>yarn</c>.</summary>
    public string PackageManager { get; init => field = NodePackageManager.Check(value); } = "npm";

    public string Script
    {
        get;
        init => field = string.IsNullOrWhiteSpace(value) ? throw new InvalidInputException("npm-build: script must not be empty") : value;
    } = "build";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new(PackageManager, ["run", Script, .. Args.Count > 0 ? ["--", .. Args] : Array.Empty<string>()])];
}
