using Gryt.Steps;

namespace Gryt;

/// <summary>Cargo's feature switches, shared by the Rust steps.</summary>
file static class CargoFeatures
{
    public static IEnumerable<string> Arguments(bool allFeatures, IReadOnlyList<string>? features) =>
        allFeatures ? ["--all-features"]
        : features is { Count: > 0 } ? ["--features", string.Join(',', features)]
        : [];
}

/// <summary><c>cargo build [--release] [--all-features | --features a,b] [--target T]</c>.</summary>
public sealed class CargoBuildStep(
    bool release = false,
    bool allFeatures = false,
    IReadOnlyList<string>? features = null,
    string? target = null,
    string? name = null)
    : ToolStep(name ?? "cargo-build", "Build the Rust crate")
{
    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("cargo", [
            "build",
            .. release ? ["--release"] : Array.Empty<string>(),
            .. CargoFeatures.Arguments(allFeatures, features),
            .. target is null ? Array.Empty<string>() : ["--target", target]])];
}

/// <summary><c>cargo test [--release] [--workspace] [--all-features | --features a,b]</c>.</summary>
public sealed class CargoTestStep(
    bool release = false,
    bool workspace = false,
    bool allFeatures = false,
    IReadOnlyList<string>? features = null,
    string? name = null)
    : ToolStep(name ?? "cargo-test", "Run Rust tests")
{
    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("cargo", [
            "test",
            .. release ? ["--release"] : Array.Empty<string>(),
            .. workspace ? ["--workspace"] : Array.Empty<string>(),
            .. CargoFeatures.Arguments(allFeatures, features)])];
}

/// <summary><c>cargo clippy [--all-targets] [--all-features | --features a,b] [-- -D warnings]</c>: by
/// default warnings fail the step, since a lint step that never fails proves nothing.</summary>
public sealed class CargoClippyStep(
    bool allTargets = true,
    bool denyWarnings = true,
    bool allFeatures = false,
    IReadOnlyList<string>? features = null,
    string? name = null)
    : ToolStep(name ?? "cargo-clippy", "Lint the Rust crate")
{
    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("cargo", [
            "clippy",
            .. allTargets ? ["--all-targets"] : Array.Empty<string>(),
            .. CargoFeatures.Arguments(allFeatures, features),
            .. denyWarnings ? ["--", "-D", "warnings"] : Array.Empty<string>()])];
}
