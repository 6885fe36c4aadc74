using Gryt.Steps;

namespace Gryt;

/// <summary>The packages of a Go step: the list, else the one package, else <c>./...</c>.</summary>
file static class GoPackages
{
    public static IReadOnlyList<string> Of(string? package, IReadOnlyList<string>? packages) =>
        packages is { Count: > 0 } ? packages : [package ?? "./..."];
}

/// <summary><c>go mod download</c>.</summary>
public sealed class GoModDownloadStep(string? name = null)
    : ToolStep(name ?? "go-mod-download", "Download Go modules")
{
    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", ["mod", "download"])];
}

/// <summary><c>go build &lt;flags&gt; [-o output] &lt;packages&gt;</c>.</summary>
public sealed class GoBuildStep(
    string? output = null,
    string? package = null,
    string? flags = null,
    IReadOnlyList<string>? packages = null,
    string? name = null)
    : ToolStep(name ?? "go-build", "Build Go packages")
{
    public string? Output { get; } = output;

    public IReadOnlyList<string> Packages { get; } = GoPackages.Of(package, packages);

    public IReadOnlyList<string> Flags { get; } = CommandLine.Split(flags);

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", ["build", .. Flags, .. Output is null ? Array.Empty<string>() : ["-o", Output], .. Packages])];
}

/// <summary><c>go test &lt;flags&gt; [-json] [-coverprofile=FILE] &lt;packages&gt;</c>.</summary>
public sealed class GoTestStep(
    string? package = null,
    string? flags = null,
    string? coverProfile = null,
    bool json = false,
    IReadOnlyList<string>? packages = null,
    string? name = null)
    : ToolStep(name ?? "go-test", "Run Go tests")
{
    public IReadOnlyList<string> Packages { get; } = GoPackages.Of(package, packages);

    public IReadOnlyList<string> Flags { get; } = CommandLine.Split(flags);

    public string? CoverProfile { get; } = coverProfile;

    public bool Json { get; } = json;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", [
            "test", .. Flags,
            .. Json ? ["-json"] : Array.Empty<string>(),
            .. CoverProfile is null ? Array.Empty<string>() : [$"-coverprofile={CoverProfile}"],
            .. Packages])];
}

/// <summary><c>go vet &lt;flags&gt; &lt;packages&gt;</c>.</summary>
public sealed class GoVetStep(
    string? package = null,
    string? flags = null,
    IReadOnlyList<string>? packages = null,
    string? name = null)
    : ToolStep(name ?? "go-vet", "Vet Go packages")
{
    public IReadOnlyList<string> Packages { get; } = GoPackages.Of(package, packages);

    public IReadOnlyList<string> Flags { get; } = CommandLine.Split(flags);

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", ["vet", .. Flags, .. Packages])];
}
