namespace Gryt;

/// <summary>
/// <c>docker build -t IMAGE:TAG [-f FILE] [--build-arg K=V]… [--platform P] [--target T] CONTEXT</c>
/// (or podman), then <c>docker push IMAGE:TAG</c> when <see cref="Push"/>.
/// </summary>
public sealed class ContainerBuildStep(string name, string image) : ToolStep(name, "Build the container image")
{
    public string Image { get; } = string.IsNullOrWhiteSpace(image) ? throw new InvalidInputException("container-build: image is required") : image;

    public string Tag { get; init; } = "latest";

    /// <summary>The Dockerfile or Containerfile; default: the engine's.</summary>
    public string? File { get; init; }

    /// <summary>The build context folder, relative to the step's folder.</summary>
    public string Context { get; init; } = ".";

    /// <summary><c>docker</c> (default) or <c>podman</c>.</summary>
    public string Engine
    {
        get;
        init => field = value is "docker" or "podman"
            ? value
            : throw new InvalidInputException($"container-build: engine must be docker or podman, not '{value}'");
    } = "docker";

    public IReadOnlyDictionary<string, string> BuildArgs { get; init; } = new Dictionary<string, string>();

    public string? Platform { get; init; }

    public string? Target { get; init; }

    public bool Push { get; init; }

    /// <summary><c>image:tag</c>.</summary>
    public string Reference => $"{Image}:{Tag}";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var build = new ToolCommand(Engine, [
            "build", "-t", Reference,
            .. File is null ? Array.Empty<string>() : ["-f", File],
            .. BuildArgs.OrderBy(a => a.Key, StringComparer.Ordinal).SelectMany(a => new[] { "--build-arg", $"{a.Key}={a.Value}" }),
            .. Platform is null ? Array.Empty<string>() : ["--platform", Platform],
            .. Target is null ? Array.Empty<string>() : ["--target", Target],
            .. Args,
            Context]);
        return Push ? [build, new ToolCommand(Engine, ["push", Reference])] : [build];
    }
}
