namespace Gryt;

/// <summary>
/// <c>dotnet nuget push PACKAGES --source SOURCE [--skip-duplicate]</c>. The API key is read from
/// the environment variable <see cref="ApiKeyEnv"/> and given to NuGet as <c>NUGET_API_KEY</c>
/// in its environment (NuGet 7.6+), never on the command line. Without the variable the push goes
/// out without a key (fine for a local folder feed).
/// </summary>
public sealed class NugetPushStep(string name, string packages) : ToolStep(name, "Push NuGet packages")
{
    /// <summary>The package files, a pattern such as <c>artifacts/*.nupkg</c>.</summary>
    public string Packages { get; } = string.IsNullOrWhiteSpace(packages) ? throw new InvalidInputException("nuget-push: packages is required") : packages;

    public string Source { get; init; } = "https://api.nuget.org/v3/index.json";

    /// <summary>The environment variable that holds the API key.</summary>
    public string ApiKeyEnv { get; init; } = "NUGET_API_KEY";

    public bool SkipDuplicate { get; init; } = true;

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var key = Secret(invocation, ApiKeyEnv);
        return [new("dotnet",
            ["nuget", "push", Packages, "--source", Source, .. SkipDuplicate ? ["--skip-duplicate"] : Array.Empty<string>(), .. Args],
            key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["NUGET_API_KEY"] = key })];
    }
}

/// <summary>
/// <c>npm publish [DIR] [--registry R] [--tag T] [--access A] [--dry-run]</c>. The token is read from
/// <see cref="TokenEnv"/>, passed as <c>NODE_AUTH_TOKEN</c>, and referenced (not copied) by a
/// temporary user config (<c>//registry/:_authToken=${NODE_AUTH_TOKEN}</c>), so it appears in
/// neither the arguments nor a file.
/// </summary>
public sealed class NpmPublishStep(string name) : ToolStep(name, "Publish the npm package")
{
    public string Registry { get; init; } = "https://registry.npmjs.org/";

    /// <summary>The dist-tag (<c>--tag</c>).</summary>
    public string? Tag { get; init; }

    /// <summary><c>public</c> or <c>restricted</c>.</summary>
    public string? Access
    {
        get;
        init => field = value is null or "public" or "restricted"
            ? value
            : throw new InvalidInputException($"npm-publish: access must be public or restricted, not '{value}'");
    }

    /// <summary>The environment variable that holds the token.</summary>
    public string TokenEnv { get; init; } = "NPM_TOKEN";

    /// <summary>The package folder; default: the step's folder.</summary>
    public string? PackageDirectory { get; init; }

    public bool DryRun { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var arguments = new List<string> { "publish" };
        if (PackageDirectory is not null)
        {
            arguments.Add(PackageDirectory);
        }

        arguments.AddRange(["--registry", Registry]);
        arguments.AddRange(Tag is null ? [] : ["--tag", Tag]);
        arguments.AddRange(Access is null ? [] : ["--access", Access]);
        arguments.AddRange(DryRun ? ["--dry-run"] : []);
        arguments.AddRange(Args);

        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            var registryUri = Uri.TryCreate(Registry, UriKind.Absolute, out var uri)
                ? uri
                : throw new InvalidInputException($"npm-publish: registry '{Registry}' is not a URL");
            var npmrc = invocation.WriteScratchFile("npmrc", $"//{registryUri.Authority}{registryUri.AbsolutePath.TrimEnd('/')}/:_authToken=${{NODE_AUTH_TOKEN}}\n");
            environment["NODE_AUTH_TOKEN"] = token;
            environment["NPM_CONFIG_USERCONFIG"] = npmrc;
        }

        return [new("npm", arguments, environment)];
    }
}

/// <summary>
/// <c>python3 -m twine upload --non-interactive [--repository-url U] FILES</c> (twine expands the
/// patterns, default <c>dist/*</c>). The token is read from <see cref="TokenEnv"/> and given
/// to twine as <c>TWINE_USERNAME=__token__</c> / <c>TWINE_PASSWORD</c>.
/// </summary>
public sealed class PypiUploadStep(string name) : ToolStep(name, "Upload Python distributions")
{
    /// <summary>File patterns (twine expands them); default <c>dist/*</c>.</summary>
    public IReadOnlyList<string> Files { get => field is { Count: > 0 } ? field : ["dist/*"]; init; } = [];

    public string? RepositoryUrl { get; init; }

    /// <summary>The environment variable that holds the token.</summary>
    public string TokenEnv { get; init; } = "PYPI_TOKEN";

    public string Python { get; init; } = "python3";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            environment["TWINE_USERNAME"] = "__token__";
            environment["TWINE_PASSWORD"] = token;
        }

        return [new(Python, [
            "-m", "twine", "upload", "--non-interactive",
            .. RepositoryUrl is null ? Array.Empty<string>() : ["--repository-url", RepositoryUrl],
            .. Args,
            .. Files], environment)];
    }
}

/// <summary>
/// <c>gh release create TAG FILES… [--repo R] [--title T] [--notes N | --generate-notes] [--draft]
/// [--prerelease]</c>; file patterns are expanded in the step's folder (a pattern that matches
/// nothing fails the step). The token is read from <see cref="TokenEnv"/> and given to gh as <c>GH_TOKEN</c>.
/// </summary>
public sealed class GithubReleaseStep(string name, string tag) : ToolStep(name, "Create a GitHub release")
{
    public string Tag { get; } = string.IsNullOrWhiteSpace(tag) ? throw new InvalidInputException("github-release: tag is required") : tag;

    /// <summary>File patterns to attach; each must match at least one file.</summary>
    public IReadOnlyList<string> Files { get; init; } = [];

    public string? Title { get; init; }

    /// <summary>The release notes; without them GitHub generates notes.</summary>
    public string? Notes { get; init; }

    public bool Draft { get; init; }

    public bool Prerelease { get; init; }

    /// <summary><c>OWNER/REPO</c>; default: the repository of the step's folder.</summary>
    public string? Repository { get; init; }

    /// <summary>The environment variable that holds the token.</summary>
    public string TokenEnv { get; init; } = "GITHUB_TOKEN";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            environment["GH_TOKEN"] = token;
        }

        return [new("gh", [
            "release", "create", Tag, .. invocation.ExpandFiles(Files),
            .. Repository is null ? Array.Empty<string>() : ["--repo", Repository],
            .. Title is null ? Array.Empty<string>() : ["--title", Title],
            .. Notes is null ? ["--generate-notes"] : new[] { "--notes", Notes },
            .. Draft ? ["--draft"] : Array.Empty<string>(),
            .. Prerelease ? ["--prerelease"] : Array.Empty<string>(), .. Args], environment)];
    }
}

/// <summary>
/// <c>oras push REFERENCE [--artifact-type T] FILES…</c>; file patterns are expanded in the step's
/// folder. Registry credentials come from <c>oras login</c> / the docker credential store.
/// </summary>
public sealed class OciPushStep(string name, string reference, IReadOnlyList<string> files) : ToolStep(name, "Push files as an OCI artifact")
{
    public string Reference { get; } = string.IsNullOrWhiteSpace(reference) ? throw new InvalidInputException("oci-push: reference is required") : reference;

    /// <summary>File patterns, expanded in the step's folder.</summary>
    public IReadOnlyList<string> Files { get; } = files is { Count: > 0 } ? files : throw new InvalidInputException("oci-push: files is required");

    /// <summary>The manifest's artifact type, e.g. <c>application/spdx+json</c>.</summary>
    public string? ArtifactType { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        // oras names each layer by the path it is given: relative paths keep names portable.
        var paths = invocation.ExpandFiles(Files).Select(f => Path.GetRelativePath(invocation.WorkingDirectory, f));
        return [new("oras", [
            "push", Reference,
            .. ArtifactType is null ? Array.Empty<string>() : ["--artifact-type", ArtifactType],
            .. Args,
            .. paths])];
    }
}
