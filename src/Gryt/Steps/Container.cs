namespace Gryt;

/// <summary>
/// <c>docker build -t IMAGE:TAG [-f FILE] [--build-arg K=V]… [--platform P] [--target T] CONTEXT</c>
/// (or podman), then <c>docker push IMAGE:TAG</c> when <paramref name="push"/>.
/// </summary>
public sealed class ContainerBuildStep(
    string image,
    string tag = "latest",
    string? file = null,
    string context = ".",
    string engine = "docker",
    IReadOnlyDictionary<string, string>? buildArgs = null,
    string? platform = null,
    string? target = null,
    bool push = false,
    string? name = null)
    : ToolStep(name ?? "container-build", "Build the container image")
{
    public string Image { get; } = string.IsNullOrWhiteSpace(image) ? throw new InvalidInputException("container-build: image is required") : image;

    public string Tag { get; } = tag;

    public string Engine { get; } = engine is "docker" or "podman"
        ? engine
        : throw new InvalidInputException($"container-build: engine must be docker or podman, not '{engine}'");

    /// <summary><c>image:tag</c>.</summary>
    public string Reference => $"{Image}:{Tag}";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var build = new ToolCommand(Engine, [
            "build", "-t", Reference,
            .. file is null ? Array.Empty<string>() : ["-f", file],
            .. (buildArgs ?? new Dictionary<string, string>()).OrderBy(a => a.Key, StringComparer.Ordinal).SelectMany(a => new[] { "--build-arg", $"{a.Key}={a.Value}" }),
            .. platform is null ? Array.Empty<string>() : ["--platform", platform],
            .. target is null ? Array.Empty<string>() : ["--target", target],
            context]);
        return push ? [build, new ToolCommand(Engine, ["push", Reference])] : [build];
    }
}
