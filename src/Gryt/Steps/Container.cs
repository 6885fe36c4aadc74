using Gryt.Steps;

namespace Gryt;

/// <summary>
/// <c>docker build -t IMAGE:TAG [-f FILE] [--build-arg K=V]… [--platform P] [--target T] CONTEXT</c>
/// (or podman), then <c>docker push IMAGE:TAG</c> when <see cref="Push"/> (with <see cref="DryRun"/>:
/// the build only, and what would be pushed is logged).
/// </summary>
public sealed class ContainerBuildStep(string name, string image) : ToolStep(name, "Build the container image"), IPublishStep
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

    /// <summary>With <see cref="Push"/>: build, log what would be pushed, and push nothing.</summary>
    public bool DryRun { get; init; }

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
            Context]);
        if (Push && DryRun)
        {
            invocation.Notes.AddRange(new PublishPlan(Reference, []).DryRunLines());
        }

        return Push && !DryRun ? [build, new ToolCommand(Engine, ["push", Reference])] : [build];
    }

    PublishPlan? IPublishStep.Plan(ToolInvocation invocation) => Push ? new PublishPlan(Reference, []) : null;
}
