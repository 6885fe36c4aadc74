using Gryt.Steps;

namespace Gryt;

/// <summary>
/// <c>dotnet nuget push PACKAGE --source SOURCE [--skip-duplicate]</c>, one command per package the
/// pattern matches. The API key is read from the environment variable <see cref="ApiKeyEnv"/> and
/// given to NuGet as <c>NUGET_API_KEY</c> in its environment (NuGet 7.6+), never on the command line.
/// Without the variable the push goes out without a key (fine for a local folder feed). A folder feed
/// is checked by gryt before the push (NuGet would overwrite the package there): a version already in
/// it is skipped with <see cref="SkipDuplicate"/>, else the step fails.
/// </summary>
public sealed class NugetPushStep(string name, string packages) : ToolStep(name, "Push NuGet packages"), IPublishStep
{
    /// <summary>The package files, a pattern such as <c>artifacts/*.nupkg</c>.</summary>
    public string Packages { get; } = string.IsNullOrWhiteSpace(packages) ? throw new InvalidInputException("nuget-push: packages is required") : packages;

    public string Source { get; init; } = "https://api.nuget.org/v3/index.json";

    /// <summary>The environment variable that holds the API key.</summary>
    public string ApiKeyEnv { get; init; } = "NUGET_API_KEY";

    public bool SkipDuplicate { get; init; } = true;

    /// <summary>Log what would be pushed and push nothing.</summary>
    public bool DryRun { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var files = FileGlob.Expand([Packages], invocation.WorkingDirectory);
        if (DryRun)
        {
            invocation.Notes.AddRange(Plan(invocation).DryRunLines());
            return [];
        }

        var key = Secret(invocation, ApiKeyEnv);
        var environment = key is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["NUGET_API_KEY"] = key };
        var feed = LocalFeed(invocation);
        if (feed is not null && !Directory.Exists(feed))
        {
            throw new InvalidInputException($"nuget-push: the feed folder {Source} does not exist (create it, or correct source)");
        }

        var commands = new List<ToolCommand>();
        foreach (var file in files)
        {
            if (feed is not null && PackageIdentity.OfNupkg(file) is { Id: { } id, Version: { } version } && Contains(feed, id, version))
            {
                if (!SkipDuplicate)
                {
                    throw new InvalidInputException($"nuget-push: {id} {version} is already in {Source} (skip_duplicate is off): push a new version");
                }

                invocation.Notes.Add($"{id} {version} is already in {Source}: skipped (skip_duplicate)");
                continue;
            }

            // A folder feed ignores --skip-duplicate with a warning: gryt checked it above.
            commands.Add(new("dotnet",
                // A relative folder would be taken for a source's name: NuGet gets the full path.
                ["nuget", "push", Path.GetRelativePath(invocation.WorkingDirectory, file), "--source", feed ?? Source,
                    .. SkipDuplicate && feed is null ? ["--skip-duplicate"] : Array.Empty<string>()],
                environment));
        }

        return commands;
    }

    PublishPlan? IPublishStep.Plan(ToolInvocation invocation) => Plan(invocation);

    private PublishPlan Plan(ToolInvocation invocation) =>
        PublishPlan.ForFiles(Source, [Packages], invocation, file =>
        {
            var (id, version) = PackageIdentity.OfNupkg(file);
            return new PublishItem(Path.GetRelativePath(invocation.WorkingDirectory, file), id, version);
        }) with
        {
            Credential = LocalFeed(invocation) is null ? (ApiKeyEnv, Secret(invocation, ApiKeyEnv) is not null) : null,
        };

    private protected override string? ExplainFailure(string line) =>
        line.Contains("409 (Conflict", StringComparison.Ordinal) || line.Contains("already exists", StringComparison.OrdinalIgnoreCase)
            ? $"nuget-push: the package version is already in {Source} (skip_duplicate is off): push a new version"
            : null;

    /// <summary>The feed's folder when <see cref="Source"/> is a path rather than a URL or a source name.</summary>
    private string? LocalFeed(ToolInvocation invocation)
    {
        if (Uri.TryCreate(Source, UriKind.Absolute, out var uri) && !uri.IsFile)
        {
            return null;
        }

        if (uri is not null && Source.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return uri.LocalPath;
        }

        var path = invocation.Resolve(Source);
        return Path.IsPathRooted(Source) || Source.StartsWith('.') || Source.Contains('/', StringComparison.Ordinal) || Directory.Exists(path)
            ? path
            : null;
    }

    // Flat feeds hold ID.VERSION.nupkg; hierarchical ones (nuget add, a restore cache) id/version/.
    private static bool Contains(string feed, string id, string version) =>
        Directory.EnumerateFiles(feed, "*.nupkg").Any(f => string.Equals(Path.GetFileName(f), $"{id}.{version}.nupkg", StringComparison.OrdinalIgnoreCase))
            || Directory.Exists(Path.Combine(feed, id.ToLowerInvariant(), version.ToLowerInvariant()));
}

/// <summary>
/// <c>npm publish [DIR] [--registry R] [--tag T] [--access A] [--dry-run]</c>. The token is read from
/// <see cref="TokenEnv"/>, passed as <c>NODE_AUTH_TOKEN</c>, and referenced (not copied) by a
/// temporary user config (<c>//registry/:_authToken=${NODE_AUTH_TOKEN}</c>), so it appears in
/// neither the arguments nor a file. A version the registry already has fails the step, naming it.
/// </summary>
public sealed class NpmPublishStep(string name) : ToolStep(name, "Publish the npm package"), IPublishStep
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

    /// <summary>Log what would be published and run <c>npm publish --dry-run</c> (npm packs and checks, and sends nothing).</summary>
    public bool DryRun { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        if (DryRun)
        {
            invocation.Notes.AddRange(Plan(invocation).DryRunLines());
        }

        var arguments = new List<string> { "publish" };
        if (PackageDirectory is not null)
        {
            arguments.Add(PackageDirectory);
        }

        arguments.AddRange(["--registry", Registry]);
        arguments.AddRange(Tag is null ? [] : ["--tag", Tag]);
        arguments.AddRange(Access is null ? [] : ["--access", Access]);
        arguments.AddRange(DryRun ? ["--dry-run"] : []);

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

    PublishPlan? IPublishStep.Plan(ToolInvocation invocation) => Plan(invocation);

    private PublishPlan Plan(ToolInvocation invocation)
    {
        var folder = PackageDirectory is null ? invocation.WorkingDirectory : invocation.Resolve(PackageDirectory);
        var (package, version) = PackageIdentity.OfPackageJson(folder);
        return new PublishPlan(Tag is null ? Registry : $"{Registry} (tag {Tag})", [new PublishItem(PackageDirectory ?? ".", package, version)])
        {
            Problem = File.Exists(Path.Combine(folder, "package.json")) ? null : $"no package.json in {PackageDirectory ?? "the step's folder"}",
            Credential = (TokenEnv, Secret(invocation, TokenEnv) is not null),
        };
    }

    private protected override string? ExplainFailure(string line) =>
        line.Contains("cannot publish over the previously published version", StringComparison.OrdinalIgnoreCase)
        || line.Contains("EPUBLISHCONFLICT", StringComparison.Ordinal)
            ? $"npm-publish: this version is already in {Registry}: publish a new version ({line.Trim()})"
            : null;
}

/// <summary>
/// <c>python3 -m twine upload --non-interactive [--repository-url U] FILES</c> (twine expands the
/// patterns, default <c>dist/*</c>). The token is read from <see cref="TokenEnv"/> and given
/// to twine as <c>TWINE_USERNAME=__token__</c> / <c>TWINE_PASSWORD</c>. A file the index already
/// has fails the step, naming it, unless <see cref="SkipExisting"/> (<c>--skip-existing</c>).
/// </summary>
public sealed class PypiUploadStep(string name) : ToolStep(name, "Upload Python distributions"), IPublishStep
{
    /// <summary>File patterns (twine expands them); default <c>dist/*</c>.</summary>
    public IReadOnlyList<string> Files { get => field is { Count: > 0 } ? field : ["dist/*"]; init; } = [];

    public string? RepositoryUrl { get; init; }

    /// <summary>The environment variable that holds the token.</summary>
    public string TokenEnv { get; init; } = "PYPI_TOKEN";

    public string Python { get; init; } = "python3";

    /// <summary>Skip files the index already has (twine's <c>--skip-existing</c>) instead of failing.</summary>
    public bool SkipExisting { get; init; }

    /// <summary>Log what would be uploaded and upload nothing.</summary>
    public bool DryRun { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        if (DryRun)
        {
            var plan = Plan(invocation);
            if (plan.Problem is not null)
            {
                throw new InvalidInputException(plan.Problem);
            }

            invocation.Notes.AddRange(plan.DryRunLines());
            return [];
        }

        var environment = new Dictionary<string, string>();
        if (Secret(invocation, TokenEnv) is { } token)
        {
            environment["TWINE_USERNAME"] = "__token__";
            environment["TWINE_PASSWORD"] = token;
        }

        return [new(Python, [
            "-m", "twine", "upload", "--non-interactive",
            .. RepositoryUrl is null ? Array.Empty<string>() : ["--repository-url", RepositoryUrl],
            .. SkipExisting ? ["--skip-existing"] : Array.Empty<string>(),
            .. Files], environment)];
    }

    PublishPlan? IPublishStep.Plan(ToolInvocation invocation) => Plan(invocation);

    private PublishPlan Plan(ToolInvocation invocation) =>
        PublishPlan.ForFiles(RepositoryUrl ?? "PyPI (twine's default repository)", Files, invocation, file =>
        {
            var (package, version) = PackageIdentity.OfPythonDist(file);
            return new PublishItem(Path.GetRelativePath(invocation.WorkingDirectory, file), package, version);
        }) with
        {
            Credential = (TokenEnv, Secret(invocation, TokenEnv) is not null),
        };

    private protected override string? ExplainFailure(string line) =>
        line.Contains("File already exists", StringComparison.OrdinalIgnoreCase) || line.Contains("409 Conflict", StringComparison.Ordinal)
            ? $"pypi-upload: a file of this version is already in {RepositoryUrl ?? "PyPI"}: upload a new version, or set skip_existing ({line.Trim()})"
            : null;
}

/// <summary>
/// <c>gh release create TAG FILES… [--repo R] [--title T] [--notes N | --generate-notes] [--draft]
/// [--prerelease]</c>; file patterns are expanded in the step's folder (a pattern that matches
/// nothing fails the step). The token is read from <see cref="TokenEnv"/> and given to gh as <c>GH_TOKEN</c>;
/// without it the step refuses before starting gh (whose own message about logging in is no help in CI).
/// </summary>
public sealed class GithubReleaseStep(string name, string tag) : ToolStep(name, "Create a GitHub release"), IPublishStep
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

    /// <summary>Log what the release would hold and create nothing (no token needed).</summary>
    public bool DryRun { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        var files = FileGlob.Expand(Files, invocation.WorkingDirectory);
        if (DryRun)
        {
            invocation.Notes.AddRange(Plan(invocation).DryRunLines());
            return [];
        }

        var token = Secret(invocation, TokenEnv)
            ?? throw new InvalidInputException($"github-release: no token: set {TokenEnv} (or name the variable that holds it with token_env)");
        return [new("gh", [
            "release", "create", Tag, .. files,
            .. Repository is null ? Array.Empty<string>() : ["--repo", Repository],
            .. Title is null ? Array.Empty<string>() : ["--title", Title],
            .. Notes is null ? ["--generate-notes"] : new[] { "--notes", Notes },
            .. Draft ? ["--draft"] : Array.Empty<string>(),
            .. Prerelease ? ["--prerelease"] : Array.Empty<string>()], new Dictionary<string, string> { ["GH_TOKEN"] = token })];
    }

    PublishPlan? IPublishStep.Plan(ToolInvocation invocation) => Plan(invocation);

    private PublishPlan Plan(ToolInvocation invocation) =>
        PublishPlan.ForFiles(
            $"GitHub release {Tag} of {Repository ?? "the repository of the step's folder"}{(Draft ? " (draft)" : "")}{(Prerelease ? " (prerelease)" : "")}",
            Files, invocation, file => new PublishItem(Path.GetRelativePath(invocation.WorkingDirectory, file), null, null)) with
        {
            Credential = (TokenEnv, Secret(invocation, TokenEnv) is not null),
        };

    private protected override string? ExplainFailure(string line) =>
        line.Contains("already_exists", StringComparison.Ordinal) || line.Contains("already exists", StringComparison.OrdinalIgnoreCase)
            ? $"github-release: release {Tag} already exists: choose a new tag ({line.Trim()})"
            : null;
}

/// <summary>
/// <c>oras push REFERENCE [--artifact-type T] FILES…</c>; file patterns are expanded in the step's
/// folder. Registry credentials come from <c>oras login</c> / the docker credential store. Pushing
/// to a tag that exists moves the tag, as registries do; pin by digest where that matters.
/// </summary>
public sealed class OciPushStep(string name, string reference, IReadOnlyList<string> files) : ToolStep(name, "Push files as an OCI artifact"), IPublishStep
{
    public string Reference { get; } = string.IsNullOrWhiteSpace(reference) ? throw new InvalidInputException("oci-push: reference is required") : reference;

    /// <summary>File patterns, expanded in the step's folder.</summary>
    public IReadOnlyList<string> Files { get; } = files is { Count: > 0 } ? files : throw new InvalidInputException("oci-push: files is required");

    /// <summary>The manifest's artifact type, e.g. <c>application/spdx+json</c>.</summary>
    public string? ArtifactType { get; init; }

    /// <summary>Allow an http registry (<c>oras push --plain-http</c>), e.g. one on localhost.</summary>
    public bool PlainHttp { get; init; }

    /// <summary>Log what would be pushed and push nothing.</summary>
    public bool DryRun { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        // oras names each layer by the path it is given: relative paths keep names portable.
        var paths = FileGlob.Expand(Files, invocation.WorkingDirectory).Select(f => Path.GetRelativePath(invocation.WorkingDirectory, f)).ToList();
        if (DryRun)
        {
            invocation.Notes.AddRange(Plan(invocation).DryRunLines());
            return [];
        }

        return [new("oras", [
            "push", Reference,
            .. ArtifactType is null ? Array.Empty<string>() : ["--artifact-type", ArtifactType],
            .. PlainHttp ? ["--plain-http"] : Array.Empty<string>(),
            .. paths])];
    }

    PublishPlan? IPublishStep.Plan(ToolInvocation invocation) => Plan(invocation);

    private PublishPlan Plan(ToolInvocation invocation) =>
        PublishPlan.ForFiles(Reference, Files, invocation, file => new PublishItem(Path.GetRelativePath(invocation.WorkingDirectory, file), null, null));
}
