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
        [new("go", ["mod", "download"])];
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
        [new("go", ["build", .. Flags, .. Output is null ? Array.Empty<string>() : ["-o", Output], .. GoPackages.Of(Package, Packages)])];
}

/// <summary><c>go test &lt;flags&gt; [-json] [-coverprofile=FILE] &lt;packages&gt;</c>.</summary>
public sealed class GoTestStep(string name) : ToolStep(name, "Run Go tests")
{
    public string? CoverProfile { get; init; }

    public bool Json { get; init; }

    /// <summary>One package pattern; default <c>./...</c>.</summary>
    public string? Package { get; init; }

    /// <summary>Several package patterns; when given, <see cref="Package"/> is not used.</summary>
    public IReadOnlyList<string>? Packages { get; init; }

    /// <summary>Arguments before the packages, e.g. <c>["-race"]</c>.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new("go", [
            "test", .. Flags,
            .. Json ? ["-json"] : Array.Empty<string>(),
            .. CoverProfile is null ? Array.Empty<string>() : [$"-coverprofile={CoverProfile}"],
            .. GoPackages.Of(Package, Packages)])];
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
        [new("go", ["vet", .. Flags, .. GoPackages.Of(Package, Packages)])];
}
