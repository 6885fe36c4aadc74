namespace Gryt.Steps;

/// <summary>
/// The built-in steps a YAML pipeline names with <c>uses:</c> (SPEC §5), created from their
/// <c>with:</c> options. Options arrive as plain values (string, long, double, bool, lists and
/// dictionaries of those) so that this registry knows nothing of YAML. Option names are the
/// snake_case forms of the constructor parameters (<c>cover_profile</c>, <c>api_key_env</c>).
/// </summary>
internal static class BuiltInSteps
{
    private static readonly Dictionary<string, Func<BuiltInOptions, string, Step>> Factories = new(StringComparer.Ordinal)
    {
        ["go-mod-download"] = (_, name) => new GoModDownloadStep(name),
        ["go-build"] = (o, name) => new GoBuildStep(
            output: o.String("output"), package: o.String("package"), flags: o.ArgumentText("flags"),
            packages: o.StringList("packages"), name: name),
        ["go-test"] = (o, name) => new GoTestStep(
            package: o.String("package"), flags: o.ArgumentText("flags"), coverProfile: o.String("cover_profile"),
            json: o.Bool("json") ?? false, packages: o.StringList("packages"), name: name),
        ["go-vet"] = (o, name) => new GoVetStep(
            package: o.String("package"), flags: o.ArgumentText("flags"), packages: o.StringList("packages"), name: name),
        ["pip-install"] = (o, name) => new PipInstallStep(
            requirements: o.String("requirements"), packages: o.StringList("packages"),
            upgrade: o.Bool("upgrade") ?? false, user: o.Bool("user") ?? false,
            python: o.String("python") ?? "python3", name: name),
        ["pytest"] = (o, name) => new PytestStep(
            args: o.ArgumentText("args"), junitXml: o.String("junit_xml"), paths: o.StringList("paths"),
            python: o.String("python"), name: name),
        ["npm-install"] = (o, name) => new NpmInstallStep(
            useCi: o.Bool("use_ci") ?? true, packageManager: PackageManager(o), name: name),
        ["npm-test"] = (o, name) => new NpmTestStep(
            args: o.ArgumentText("args"), packageManager: PackageManager(o), name: name),
        ["npm-build"] = (o, name) => new NpmBuildStep(
            script: o.String("script") ?? "build", packageManager: PackageManager(o), name: name),
        ["cargo-build"] = (o, name) => new CargoBuildStep(
            release: o.Bool("release") ?? false, allFeatures: o.Bool("all_features") ?? false,
            features: o.StringList("features"), target: o.String("target"), name: name),
        ["cargo-test"] = (o, name) => new CargoTestStep(
            release: o.Bool("release") ?? false, workspace: o.Bool("workspace") ?? false,
            allFeatures: o.Bool("all_features") ?? false, features: o.StringList("features"), name: name),
        ["cargo-clippy"] = (o, name) => new CargoClippyStep(
            allTargets: o.Bool("all_targets") ?? true, denyWarnings: o.Bool("deny_warnings") ?? true,
            allFeatures: o.Bool("all_features") ?? false, features: o.StringList("features"), name: name),
        ["dotnet-restore"] = (o, name) => new DotnetRestoreStep(project: o.String("project"), name: name),
        ["dotnet-build"] = (o, name) => new DotnetBuildStep(
            configuration: o.String("configuration") ?? "Release", project: o.String("project"),
            noRestore: o.Bool("no_restore") ?? false, name: name),
        ["dotnet-test"] = (o, name) => new DotnetTestStep(
            configuration: o.String("configuration") ?? "Release", project: o.String("project"),
            collectCoverage: o.Bool("collect_coverage") ?? false, resultsDirectory: o.String("results_directory"),
            noBuild: o.Bool("no_build") ?? false, filter: o.String("filter"),
            coverageCollector: o.Choice("coverage_collector", "Code Coverage", "XPlat Code Coverage") ?? "Code Coverage",
            settings: o.String("settings"), name: name),
        ["dotnet-pack"] = (o, name) => new DotnetPackStep(
            output: o.String("output"), configuration: o.String("configuration") ?? "Release",
            project: o.String("project"), version: o.String("version"), name: name),
        ["dotnet-publish"] = (o, name) => new DotnetPublishStep(
            output: o.String("output"), runtime: o.String("runtime"), selfContained: o.Bool("self_contained"),
            configuration: o.String("configuration") ?? "Release", project: o.String("project"), name: name),
        ["container-build"] = (o, name) => new ContainerBuildStep(
            image: o.RequiredString("image"), tag: o.String("tag") ?? "latest", file: o.String("file"),
            context: o.String("context") ?? ".", engine: o.Choice("engine", "docker", "podman") ?? "docker",
            buildArgs: o.StringMap("build_args"), platform: o.String("platform"), target: o.String("target"),
            push: o.Bool("push") ?? false, name: name),
        ["nuget-push"] = (o, name) => new NugetPushStep(
            packages: o.RequiredString("packages"), source: o.String("source") ?? "https://api.nuget.org/v3/index.json",
            apiKeyEnv: o.String("api_key_env") ?? "NUGET_API_KEY", skipDuplicate: o.Bool("skip_duplicate") ?? true, name: name),
        ["npm-publish"] = (o, name) => new NpmPublishStep(
            registry: o.String("registry"), tag: o.String("tag"), access: o.Choice("access", "public", "restricted"),
            tokenEnv: o.String("token_env") ?? "NPM_TOKEN", packageDirectory: o.String("package_directory"),
            dryRun: o.Bool("dry_run") ?? false, name: name),
        ["pypi-upload"] = (o, name) => new PypiUploadStep(
            files: o.StringList("files"), repositoryUrl: o.String("repository_url"),
            tokenEnv: o.String("token_env") ?? "PYPI_TOKEN", python: o.String("python") ?? "python3", name: name),
        ["github-release"] = (o, name) => new GithubReleaseStep(
            tag: o.RequiredString("tag"), files: o.StringList("files"), title: o.String("title"), notes: o.String("notes"),
            draft: o.Bool("draft") ?? false, prerelease: o.Bool("prerelease") ?? false,
            repository: o.String("repository"), tokenEnv: o.String("token_env") ?? "GITHUB_TOKEN", name: name),
        ["oci-push"] = (o, name) => new OciPushStep(
            reference: o.RequiredString("reference"),
            files: o.StringList("files") ?? throw new InvalidInputException($"step '{name}' (oci-push): option 'files' is required"),
            artifactType: o.String("artifact_type"), name: name),
    };

    /// <summary>Every name <c>uses:</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Factories.Keys];

    /// <summary>Creates step <paramref name="stepName"/> of kind <paramref name="uses"/>; throws
    /// <see cref="InvalidInputException"/> for an unknown kind or a bad option (the loader adds file:line).</summary>
    public static Step Create(string uses, string stepName, IReadOnlyDictionary<string, object?> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(stepName);
        if (uses is null || !Factories.TryGetValue(uses, out var factory))
        {
            throw new InvalidInputException(
                $"unknown built-in step '{uses}' in step {stepName} (known: {string.Join(", ", Names)})");
        }

        var reader = new BuiltInOptions(options, $"step '{stepName}' ({uses})");
        Step step;
        try
        {
            step = factory(reader, stepName);
        }
        catch (InvalidInputException e) when (!e.Message.StartsWith("step '", StringComparison.Ordinal))
        {
            var message = e.Message.StartsWith(uses + ": ", StringComparison.Ordinal) ? e.Message[(uses.Length + 2)..] : e.Message;
            throw new InvalidInputException($"step '{stepName}' ({uses}): {message}", e.Hint, e);
        }

        reader.ThrowOnUnknown();
        return step;
    }

    private static string PackageManager(BuiltInOptions options) =>
        options.Choice("package_manager", "npm", "pnpm", "yarn") ?? "npm";
}
