namespace Gryt;

/// <summary>The packages of a Go step: the list, else the one package, else <c>./...</c>.</summary>
file static class GoPackages
{
    public static IReadOnlyList<string> Of(string? package, IReadOnlyList<string>? packages) =>
        packages is { Count: > 0 } ? packages : [package ?? "./..."];
}

/// <summary><c>go mod download</c>.</summary>
public sealed class GoModDownloadStep(string name) : ToolStep(name, "Download Go modules")
{
    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", ["mod", "download", .. Args])];
}

/// <summary><c>go build &lt;flags&gt; [-o output] &lt;packages&gt;</c>.</summary>
public sealed class GoBuildStep(string name) : ToolStep(name, "Build Go packages")
{
    public string? Output { get; init; }

    /// <summary>One package pattern; default <c>./...</c>.</summary>
    public string? Package { get; init; }

    /// <summary>Several package patterns; when given, <see cref="Package"/> is not used.</summary>
    public IReadOnlyList<string>? Packages { get; init; }

    /// <summary>Arguments before the packages, e.g. <c>["-race"]</c>.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", ["build", .. Flags, .. Output is null ? Array.Empty<string>() : ["-o", Output], .. Args, .. GoPackages.Of(Package, Packages)])];
}

/// <summary>
/// <c>go test &lt;flags&gt; -json [-coverprofile=FILE] [-run FILTER] &lt;packages&gt;</c>: the JSON events are counted
/// into <c>tests_total</c>, <c>tests_failed</c> and <c>tests_skipped</c> (a test with subtests through its subtests) and
/// logged as the text the tests printed (as JSON with <see cref="Json"/>); the profile gives <c>coverage</c>.
/// </summary>
public sealed class GoTestStep(string name) : ToolStep(name, "Run Go tests")
{
    public string? CoverProfile { get; init; }

    /// <summary>Log go's JSON events as they are, rather than the test output they carry.</summary>
    public bool Json { get; init; }

    /// <summary>Runs only the tests whose names match this regular expression (<c>-run</c>), e.g. <c>TestParse</c>.</summary>
    public string? Filter { get; init; }

    /// <summary>One package pattern; default <c>./...</c>.</summary>
    public string? Package { get; init; }

    /// <summary>Several package patterns; when given, <see cref="Package"/> is not used.</summary>
    public IReadOnlyList<string>? Packages { get; init; }

    /// <summary>Arguments before the packages, e.g. <c>["-race"]</c>.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", [
            "test", .. Flags,
            "-json",
            .. CoverProfile is null ? Array.Empty<string>() : [$"-coverprofile={CoverProfile}"],
            .. Filter is null ? Array.Empty<string>() : ["-run", Filter],
            .. Args,
            .. GoPackages.Of(Package, Packages)])];

    private protected override object? BeforeRun(ToolInvocation invocation)
    {
        // An old profile must not count as this run's coverage when go fails before writing one.
        if (CoverProfile is not null)
        {
            File.Delete(invocation.Resolve(CoverProfile));
        }

        return new Gryt.Steps.Reports.TestOutputCounts();
    }

    private protected override string? OnOutput(object? state, string line)
    {
        var shown = ((Gryt.Steps.Reports.TestOutputCounts)state!).AddGoEvent(line);
        return Json ? line : shown;
    }

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        ((Gryt.Steps.Reports.TestOutputCounts)state!).Record(context);

        if (CoverProfile is not null)
        {
            Gryt.Steps.Reports.StepReports.Record(context, [invocation.Resolve(CoverProfile)]);
        }

        return Task.CompletedTask;
    }
}

/// <summary><c>go vet &lt;flags&gt; &lt;packages&gt;</c>.</summary>
public sealed class GoVetStep(string name) : ToolStep(name, "Vet Go packages")
{
    /// <summary>One package pattern; default <c>./...</c>.</summary>
    public string? Package { get; init; }

    /// <summary>Several package patterns; when given, <see cref="Package"/> is not used.</summary>
    public IReadOnlyList<string>? Packages { get; init; }

    /// <summary>Arguments before the packages, e.g. <c>["-race"]</c>.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", ["vet", .. Flags, .. Args, .. GoPackages.Of(Package, Packages)])];
}
