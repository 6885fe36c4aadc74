using Gryt.Steps;

namespace Gryt;

/// <summary>
/// <c>dotnet nuget push PACKAGES --source SOURCE [--skip-duplicate]</c>. The API key is read from
/// the environment variable <paramref name="apiKeyEnv"/> and given to NuGet as <c>NUGET_API_KEY</c>
/// in its environment (NuGet 7.6+), never on the command line. Without the variable the push goes
/// out without a key (fine for a local folder feed).
/// </summary>
public sealed class NugetPushStep(
    string packages,
    string source = "https://api.nuget.org/v3/index.json",
    string apiKeyEnv = "NUGET_API_KEY",
    bool skipDuplicate = true,
    string? name = null)
    : ToolStep(name ?? "nuget-push", "Push NuGet packages")
{
    public string Packages { get; } = string.IsNullOrWhiteSpace(packages) ? throw new InvalidInputException("nuget-push: packages is required") : packages;

    public string Source { get; } = source;

    public string ApiKeyEnv { get; } = apiKeyEnv;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var key = Secret(invocation, ApiKeyEnv);
        return [new("dotnet",
            ["nuget", "push", Packages, "--source", Source, .. skipDuplicate ? ["--skip-duplicate"] : Array.Empty<string>()],
            key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["NUGET_API_KEY"] = key })];
    }
}

/// <summary>
/// <c>npm publish [DIR] [--registry R] [--tag T] [--access A] [--dry-run]</c>. The token is read from
/// <paramref name="tokenEnv"/>, passed as <c>NODE_AUTH_TOKEN</c>, and referenced (not copied) by a
/// temporary user config (<c>//registry/:_authToken=${NODE_AUTH_TOKEN}</c>), so it appears in
/// neither the arguments nor a file.
/// </summary>
public sealed class NpmPublishStep(
    string? registry = null,
    string? tag = null,
    string? access = null,
    string tokenEnv = "NPM_TOKEN",
    string? packageDirectory = null,
    bool dryRun = false,
    string? name = null)
    : ToolStep(name ?? "npm-publish", "Publish the npm package")
{
    public string Registry { get; } = registry ?? "https://registry.npmjs.org/";

    public string TokenEnv { get; } = tokenEnv;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var arguments = new List<string> { "publish" };
        if (packageDirectory is not null)
        {
            arguments.Add(packageDirectory);
        }

        arguments.AddRange(["--registry", Registry]);
        arguments.AddRange(tag is null ? [] : ["--tag", tag]);
        arguments.AddRange(access is null ? [] : ["--access", access]);
        arguments.AddRange(dryRun ? ["--dry-run"] : []);

        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            var registryUri = Uri.TryCreate(Registry, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidInputException($"npm-publish: registry '{Registry}' is not a URL");
            var npmrc = Path.Combine(invocation.ScratchDirectory, "npmrc");
            File.WriteAllText(npmrc, $"//{registryUri.Authority}{registryUri.AbsolutePath.TrimEnd('/')}/:_authToken=${{NODE_AUTH_TOKEN}}\n");
            environment["NODE_AUTH_TOKEN"] = token;
            environment["NPM_CONFIG_USERCONFIG"] = npmrc;
        }

        return [new("npm", arguments, environment)];
    }
}

/// <summary>
/// <c>python3 -m twine upload --non-interactive [--repository-url U] FILES</c> (twine expands the
/// patterns, default <c>dist/*</c>). The token is read from <paramref name="tokenEnv"/> and given
/// to twine as <c>TWINE_USERNAME=__token__</c> / <c>TWINE_PASSWORD</c>.
/// </summary>
public sealed class PypiUploadStep(
    IReadOnlyList<string>? files = null,
    string? repositoryUrl = null,
    string tokenEnv = "PYPI_TOKEN",
    string python = "python3",
    string? name = null)
    : ToolStep(name ?? "pypi-upload", "Upload Python distributions")
{
    public IReadOnlyList<string> Files { get; } = files is { Count: > 0 } ? files : ["dist/*"];

    public string TokenEnv { get; } = tokenEnv;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            environment["TWINE_USERNAME"] = "__token__";
            environment["TWINE_PASSWORD"] = token;
        }

        return [new(python, [
            "-m", "twine", "upload", "--non-interactive",
            .. repositoryUrl is null ? Array.Empty<string>() : ["--repository-url", repositoryUrl],
            .. Files], environment)];
    }
}

/// <summary>
/// <c>gh release create TAG FILES… [--repo R] [--title T] [--notes N | --generate-notes] [--draft]
/// [--prerelease]</c>; file patterns are expanded in the step's folder (a pattern that matches
/// nothing fails the step). The token is read from <paramref name="tokenEnv"/> and given to gh as <c>GH_TOKEN</c>.
/// </summary>
public sealed class GithubReleaseStep(
    string tag,
    IReadOnlyList<string>? files = null,
    string? title = null,
    string? notes = null,
    bool draft = false,
    bool prerelease = false,
    string? repository = null,
    string tokenEnv = "GITHUB_TOKEN",
    string? name = null)
    : ToolStep(name ?? "github-release", "Create a GitHub release")
{
    public string Tag { get; } = string.IsNullOrWhiteSpace(tag) ? throw new InvalidInputException("github-release: tag is required") : tag;

    public IReadOnlyList<string> Files { get; } = files ?? [];

    public string TokenEnv { get; } = tokenEnv;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            environment["GH_TOKEN"] = token;
        }

        return [new("gh", [
            "release", "create", Tag, .. FileGlob.Expand(Files, invocation.WorkingDirectory),
            .. repository is null ? Array.Empty<string>() : ["--repo", repository],
            .. title is null ? Array.Empty<string>() : ["--title", title],
            .. notes is null ? ["--generate-notes"] : new[] { "--notes", notes },
            .. draft ? ["--draft"] : Array.Empty<string>(),
            .. prerelease ? ["--prerelease"] : Array.Empty<string>()], environment)];
    }
}

/// <summary>
/// <c>oras push REFERENCE [--artifact-type T] FILES…</c>; file patterns are expanded in the step's
/// folder. Registry credentials come from <c>oras login</c> / the docker credential store.
/// </summary>
public sealed class OciPushStep(
    string reference,
    IReadOnlyList<string>? files = null,
    string? artifactType = null,
    string? name = null)
    : ToolStep(name ?? "oci-push", "Push files as an OCI artifact")
{
    public string Reference { get; } = string.IsNullOrWhiteSpace(reference) ? throw new InvalidInputException("oci-push: reference is required") : reference;

    public IReadOnlyList<string> Files { get; } = files is { Count: > 0 } ? files : throw new InvalidInputException("oci-push: files is required");

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        // oras names each layer by the path it is given: relative paths keep names portable.
        var paths = FileGlob.Expand(Files, invocation.WorkingDirectory).Select(f => Path.GetRelativePath(invocation.WorkingDirectory, f));
        return [new("oras", [
            "push", Reference,
            .. artifactType is null ? Array.Empty<string>() : ["--artifact-type", artifactType],
            .. paths])];
    }
}
