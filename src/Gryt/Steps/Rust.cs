namespace Gryt;

/// <summary>Cargo's feature switches, shared by the Rust steps.</summary>
file static class CargoFeatures
{
    public static IEnumerable<string> Arguments(bool allFeatures, IReadOnlyList<string> features) =>
        allFeatures ? ["--all-features"]
        : features.Count > 0 ? ["--features", string.Join(',', features)]
        : [];
}

/// <summary><c>cargo build [--release] [--all-features | --features a,b] [--target T]</c>.</summary>
public sealed class CargoBuildStep(string name) : ToolStep(name, "Build the Rust crate")
{
    /// <summary><c>--all-features</c>; when set, <see cref="Features"/> is not used.</summary>
    public bool AllFeatures { get; init; }

    /// <summary><c>--features a,b</c>.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public bool Release { get; init; }

    public string? Target { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("cargo", [
            "build",
            .. Release ? ["--release"] : Array.Empty<string>(),
            .. CargoFeatures.Arguments(AllFeatures, Features),
            .. Target is null ? Array.Empty<string>() : ["--target", Target], .. Args])];
}

/// <summary><c>cargo test [--release] [--workspace] [--all-features | --features a,b] [FILTER]</c>; the
/// <c>test result:</c> line of each test binary is summed into <c>tests_total</c>, <c>tests_failed</c>
/// and <c>tests_skipped</c> (ignored tests). Cargo stops at the first failing binary, so later ones are not counted.</summary>
public sealed class CargoTestStep(string name) : ToolStep(name, "Run Rust tests")
{
    /// <summary><c>--all-features</c>; when set, <see cref="Features"/> is not used.</summary>
    public bool AllFeatures { get; init; }

    /// <summary><c>--features a,b</c>.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public bool Release { get; init; }

    public bool Workspace { get; init; }

    /// <summary>Runs only the tests whose names contain this text (cargo's <c>TESTNAME</c>).</summary>
    public string? Filter { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("cargo", [
            "test",
            .. Release ? ["--release"] : Array.Empty<string>(),
            .. Workspace ? ["--workspace"] : Array.Empty<string>(),
            .. CargoFeatures.Arguments(AllFeatures, Features),
            .. Filter is null ? Array.Empty<string>() : [Filter],
            .. Args])];

    private protected override object? BeforeRun(ToolInvocation invocation) => new Gryt.Steps.Reports.TestOutputCounts();

    private protected override string? OnOutput(object? state, string line)
    {
        ((Gryt.Steps.Reports.TestOutputCounts)state!).AddCargoLine(line);
        return line;
    }

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        ((Gryt.Steps.Reports.TestOutputCounts)state!).Record(context);

        return Task.CompletedTask;
    }
}

/// <summary><c>cargo clippy [--all-targets] [--all-features | --features a,b] [-- -D warnings]</c>: by
/// default warnings fail the step, since a lint step that never fails proves nothing.</summary>
public sealed class CargoClippyStep(string name) : ToolStep(name, "Lint the Rust crate")
{
    /// <summary><c>--all-features</c>; when set, <see cref="Features"/> is not used.</summary>
    public bool AllFeatures { get; init; }

    /// <summary><c>--features a,b</c>.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public bool AllTargets { get; init; } = true;

    public bool DenyWarnings { get; init; } = true;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("cargo", [
            "clippy",
            .. AllTargets ? ["--all-targets"] : Array.Empty<string>(),
            .. CargoFeatures.Arguments(AllFeatures, Features), .. Args,
            .. DenyWarnings ? ["--", "-D", "warnings"] : Array.Empty<string>()])];
}
