namespace Gryt.Steps;

/// <summary>
/// The built-in steps a YAML pipeline names with <c>uses:</c> (SPEC §5), created from their
/// <c>with:</c> options. Options arrive as plain values (string, long, double, bool, lists and
/// dictionaries of those) so that this registry knows nothing of YAML. Option names are the
/// snake_case forms of the steps' properties (<c>cover_profile</c>, <c>api_key_env</c>).
/// </summary>
internal static class BuiltInSteps
{
    private static readonly Dictionary<string, Func<BuiltInOptions, string, Step>> Factories = new(StringComparer.Ordinal)
    {
        ["go-mod-download"] = (_, name) => new GoModDownloadStep(name),
        ["go-build"] = (o, name) => new GoBuildStep(name)
        {
            Output = o.String("output"), Package = o.String("package"), Flags = o.Arguments("flags"), Packages = o.StringList("packages"),
        },
        ["go-test"] = (o, name) => new GoTestStep(name)
        {
            Package = o.String("package"), Flags = o.Arguments("flags"), CoverProfile = o.String("cover_profile"),
            Json = o.Bool("json") ?? false, Packages = o.StringList("packages"),
        },
        ["go-vet"] = (o, name) => new GoVetStep(name)
        {
            Package = o.String("package"), Flags = o.Arguments("flags"), Packages = o.StringList("packages"),
        },
        ["pip-install"] = (o, name) => new PipInstallStep(name)
        {
            Requirements = o.String("requirements"), Packages = o.StringList("packages") ?? [],
            Upgrade = o.Bool("upgrade") ?? false, User = o.Bool("user") ?? false, Python = o.String("python") ?? "python3",
        },
        ["pytest"] = (o, name) => new PytestStep(name)
        {
            Args = o.Arguments("args"), JunitXml = o.String("junit_xml"), Paths = o.StringList("paths") ?? [], Python = o.String("python"),
        },
        ["npm-install"] = (o, name) => new NpmInstallStep(name) { UseCi = o.Bool("use_ci") ?? true, PackageManager = PackageManager(o) },
        ["npm-test"] = (o, name) => new NpmTestStep(name)
        {
            Args = o.Arguments("args"), PackageManager = PackageManager(o), JunitXml = o.String("junit_xml"),
            NodeTestReporter = o.Bool("node_test_reporter") ?? false, Coverage = o.String("coverage"),
        },
        ["npm-build"] = (o, name) => new NpmBuildStep(name) { Script = o.String("script") ?? "build", PackageManager = PackageManager(o) },
        ["cargo-build"] = (o, name) => new CargoBuildStep(name)
        {
            Release = o.Bool("release") ?? false, AllFeatures = o.Bool("all_features") ?? false,
            Features = o.StringList("features") ?? [], Target = o.String("target"),
        },
        ["cargo-test"] = (o, name) => new CargoTestStep(name)
        {
            Release = o.Bool("release") ?? false, Workspace = o.Bool("workspace") ?? false,
            AllFeatures = o.Bool("all_features") ?? false, Features = o.StringList("features") ?? [],
        },
        ["cargo-clippy"] = (o, name) => new CargoClippyStep(name)
        {
            AllTargets = o.Bool("all_targets") ?? true, DenyWarnings = o.Bool("deny_warnings") ?? true,
            AllFeatures = o.Bool("all_features") ?? false, Features = o.StringList("features") ?? [],
        },
        ["dotnet-restore"] = (o, name) => new DotnetRestoreStep(name) { Project = o.String("project") },
        ["dotnet-build"] = (o, name) => new DotnetBuildStep(name)
        {
            Configuration = o.String("configuration") ?? "Release", Project = o.String("project"), NoRestore = o.Bool("no_restore") ?? false,
            Framework = o.String("framework"),
        },
        ["dotnet-test"] = (o, name) => new DotnetTestStep(name)
        {
            Configuration = o.String("configuration") ?? "Release", Project = o.String("project"),
            CollectCoverage = o.Bool("collect_coverage") ?? false, ResultsDirectory = o.String("results_directory")!,
            NoBuild = o.Bool("no_build") ?? false, Filter = o.String("filter"),
            CoverageCollector = o.Choice("coverage_collector", "Code Coverage", "XPlat Code Coverage") ?? "Code Coverage",
            Settings = o.String("settings"), Framework = o.String("framework"),
            CoverageInclude = o.StringList("coverage_include") ?? [], CoverageExclude = o.StringList("coverage_exclude") ?? [],
        },
        ["dotnet-pack"] = (o, name) => new DotnetPackStep(name)
        {
            Output = o.String("output"), Configuration = o.String("configuration") ?? "Release",
            Project = o.String("project"), Version = o.String("version"),
        },
        ["dotnet-publish"] = (o, name) => new DotnetPublishStep(name)
        {
            Output = o.String("output"), Runtime = o.String("runtime"), SelfContained = o.Bool("self_contained"),
            Configuration = o.String("configuration") ?? "Release", Project = o.String("project"), Framework = o.String("framework"),
        },
        ["container-build"] = (o, name) => new ContainerBuildStep(name, o.RequiredString("image"))
        {
            Tag = o.String("tag") ?? "latest", File = o.String("file"), Context = o.String("context") ?? ".",
            Engine = o.Choice("engine", "docker", "podman") ?? "docker", BuildArgs = o.StringMap("build_args") ?? new Dictionary<string, string>(),
            Platform = o.String("platform"), Target = o.String("target"), Push = o.Bool("push") ?? false,
            DryRun = o.Bool("dry_run") ?? false,
        },
        ["nuget-push"] = (o, name) => new NugetPushStep(name, o.RequiredString("packages"))
        {
            Source = o.String("source") ?? "https://api.nuget.org/v3/index.json",
            ApiKeyEnv = o.String("api_key_env") ?? "NUGET_API_KEY", SkipDuplicate = o.Bool("skip_duplicate") ?? true,
            DryRun = o.Bool("dry_run") ?? false,
        },
        ["npm-publish"] = (o, name) => new NpmPublishStep(name)
        {
            Registry = o.String("registry") ?? "https://registry.npmjs.org/", Tag = o.String("tag"),
            Access = o.Choice("access", "public", "restricted"), TokenEnv = o.String("token_env") ?? "NPM_TOKEN",
            PackageDirectory = o.String("package_directory"), DryRun = o.Bool("dry_run") ?? false,
        },
        ["pypi-upload"] = (o, name) => new PypiUploadStep(name)
        {
            Files = o.StringList("files") ?? [], RepositoryUrl = o.String("repository_url"),
            TokenEnv = o.String("token_env") ?? "PYPI_TOKEN", Python = o.String("python") ?? "python3",
            SkipExisting = o.Bool("skip_existing") ?? false, DryRun = o.Bool("dry_run") ?? false,
        },
        ["github-release"] = (o, name) => new GithubReleaseStep(name, o.RequiredString("tag"))
        {
            Files = o.StringList("files") ?? [], Title = o.String("title"), Notes = o.String("notes"),
            Draft = o.Bool("draft") ?? false, Prerelease = o.Bool("prerelease") ?? false,
            Repository = o.String("repository"), TokenEnv = o.String("token_env") ?? "GITHUB_TOKEN",
            DryRun = o.Bool("dry_run") ?? false,
        },
        ["oci-push"] = (o, name) => new OciPushStep(
            name, o.RequiredString("reference"),
            o.StringList("files") ?? throw new InvalidInputException($"step '{name}' (oci-push): option 'files' is required"))
        {
            ArtifactType = o.String("artifact_type"), PlainHttp = o.Bool("plain_http") ?? false, DryRun = o.Bool("dry_run") ?? false,
        },
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
