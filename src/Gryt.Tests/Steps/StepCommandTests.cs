namespace Gryt.Tests.Steps;

public sealed class StepCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-steps-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private ToolInvocation Invocation(Dictionary<string, string>? environment = null) =>
        new(_folder, environment ?? [], Directory.CreateDirectory(Path.Combine(_folder, ".scratch")).FullName);

    private string[] Lines(ToolStep step, Dictionary<string, string>? environment = null) =>
        [.. step.BuildCommands(Invocation(environment)).Select(c => c.Display())];

    [Fact]
    public void Go_steps_from_the_guide()
    {
        Assert.Equal(["go mod download"], Lines(new GoModDownloadStep("deps")));
        Assert.Equal(["go test -json ./..."], Lines(new GoTestStep("unit") { Package = "./..." }));
        Assert.Equal(["go build -o bin/app ./..."], Lines(new GoBuildStep("build") { Output = "bin/app" }));
        Assert.Equal(["go vet ./..."], Lines(new GoVetStep("vet")));
        Assert.Equal("unit", new GoTestStep("unit").Name);
        Assert.Equal("Run Go tests", new GoTestStep("unit").Description);
    }

    [Fact]
    public void Go_options_become_arguments()
    {
        Assert.Equal(["go test -race -run 'Test A' -json -coverprofile=cover.out ./cmd/... ./pkg/..."],
            Lines(new GoTestStep("unit") { Flags = ["-race", "-run", "Test A"], CoverProfile = "cover.out", Json = true, Packages = ["./cmd/...", "./pkg/..."] }));
        Assert.Equal(["go build -trimpath -o out/app ./cmd/app"], Lines(new GoBuildStep("build") { Output = "out/app", Package = "./cmd/app", Flags = ["-trimpath"] }));
    }

    [Fact]
    public void Python_steps_from_the_guide()
    {
        Assert.Equal(["python3 -m pip install -r requirements.txt"], Lines(new PipInstallStep("deps") { Requirements = "requirements.txt" }));
        // python3 -m pytest where neither python3 nor pytest is on PATH (PytestLauncherTests shows the choice).
        var noTools = new Dictionary<string, string> { ["PATH"] = Directory.CreateDirectory(Path.Combine(_folder, "empty-bin")).FullName };
        Assert.Equal(["python3 -m pytest -v --cov=src"], Lines(new PytestStep("test") { Args = ["-v", "--cov=src"] }, noTools));
        Assert.Equal(["python3 -m pip install --upgrade --user requests 'rich>=13'"], Lines(new PipInstallStep("deps") { Packages = ["requests", "rich>=13"], Upgrade = true, User = true }));
        Assert.Equal(["python3 -m pip install -r requirements.txt"], Lines(new PipInstallStep("deps")));
        Assert.Equal(["python3 -m pytest -x --junitxml=reports/junit.xml tests/unit"], Lines(new PytestStep("test") { Args = ["-x"], JunitXml = "reports/junit.xml", Paths = ["tests/unit"] }, noTools));
    }

    [Fact]
    public void Npm_install_uses_ci_only_with_a_lock_file()
    {
        Assert.Equal(["npm install"], Lines(new NpmInstallStep("deps")));
        File.WriteAllText(Path.Combine(_folder, "package-lock.json"), "{}");
        Assert.Equal(["npm ci"], Lines(new NpmInstallStep("deps")));
        Assert.Equal(["npm install"], Lines(new NpmInstallStep("deps") { UseCi = false }));
        Assert.Equal(["pnpm install"], Lines(new NpmInstallStep("deps") { PackageManager = "pnpm" }));
        File.WriteAllText(Path.Combine(_folder, "pnpm-lock.yaml"), "");
        Assert.Equal(["pnpm install --frozen-lockfile"], Lines(new NpmInstallStep("deps") { PackageManager = "pnpm" }));
    }

    [Fact]
    public void Npm_test_and_build()
    {
        Assert.Equal(["npm test"], Lines(new NpmTestStep("test")));
        Assert.Equal(["npm test -- --coverage"], Lines(new NpmTestStep("test") { Args = ["--coverage"] }));
        Assert.Equal(["npm test -- --coverage --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=test-results/node-junit.xml"],
            Lines(new NpmTestStep("test") { Args = ["--coverage"], NodeTestReporter = true }));
        Assert.Equal(["npm test -- --test-reporter=spec --test-reporter-destination=stdout --test-reporter=junit --test-reporter-destination=out/junit.xml"],
            Lines(new NpmTestStep("test") { NodeTestReporter = true, JunitXml = "out/junit.xml" }));
        Assert.Equal(["npm test"], Lines(new NpmTestStep("test") { JunitXml = "reports/jest-junit.xml", Coverage = "coverage/lcov.info" }));
        Assert.Equal(["npm run build"], Lines(new NpmBuildStep("build")));
        Assert.Equal(["yarn run bundle"], Lines(new NpmBuildStep("build") { Script = "bundle", PackageManager = "yarn" }));
    }

    [Fact]
    public void Cargo_steps()
    {
        Assert.Equal(["cargo build"], Lines(new CargoBuildStep("build")));
        Assert.Equal(["cargo build --release --features a,b --target x86_64-unknown-linux-musl"],
            Lines(new CargoBuildStep("build") { Release = true, Features = ["a", "b"], Target = "x86_64-unknown-linux-musl" }));
        Assert.Equal(["cargo test --workspace --all-features"], Lines(new CargoTestStep("test") { Workspace = true, AllFeatures = true }));
        Assert.Equal(["cargo clippy --all-targets -- -D warnings"], Lines(new CargoClippyStep("lint")));
        Assert.Equal(["cargo clippy"], Lines(new CargoClippyStep("lint") { AllTargets = false, DenyWarnings = false }));
    }

    [Fact]
    public void Dotnet_steps()
    {
        Assert.Equal(["dotnet restore"], Lines(new DotnetRestoreStep("restore")));
        Assert.Equal(["dotnet build --configuration Release"], Lines(new DotnetBuildStep("build")));
        Assert.Equal(["dotnet build App.sln --configuration Debug --no-restore"], Lines(new DotnetBuildStep("build") { Configuration = "Debug", Project = "App.sln", NoRestore = true }));
        Assert.Equal([$"dotnet test --configuration Release --results-directory {_folder}/TestResults/dotnet-test --logger trx"], Lines(new DotnetTestStep("dotnet-test")));
        Assert.Equal([$"dotnet test tests/T.csproj --configuration Debug --results-directory {_folder}/out --logger trx --collect 'Code Coverage;Format=cobertura' --settings {_folder}/.scratch/coverage.runsettings --no-build --filter 'Category!=Slow'"],
            Lines(new DotnetTestStep("test") { Configuration = "Debug", Project = "tests/T.csproj", CollectCoverage = true, ResultsDirectory = "out", NoBuild = true, Filter = "Category!=Slow" }));
        Assert.Equal([$"dotnet test --configuration Release --results-directory {_folder}/TestResults/unit --logger trx --collect 'XPlat Code Coverage'"],
            Lines(new DotnetTestStep("unit") { CollectCoverage = true, CoverageCollector = "XPlat Code Coverage" }));
        Assert.Contains("<ModulePath>.*[Tt]ests?\\.dll$</ModulePath>", File.ReadAllText(Path.Combine(_folder, ".scratch", "coverage.runsettings")));
        Assert.Equal([$"dotnet test --configuration Release --results-directory {_folder}/TestResults/dotnet-test --logger trx --collect 'Code Coverage;Format=cobertura' --settings my.runsettings"],
            Lines(new DotnetTestStep("dotnet-test") { CollectCoverage = true, Settings = "my.runsettings" }));
        Assert.Equal(["dotnet pack --configuration Release --output artifacts -p:Version=1.2.3"], Lines(new DotnetPackStep("pack") { Output = "artifacts", Version = "1.2.3" }));
        Assert.Equal(["dotnet publish src/App --configuration Release --output out --runtime linux-x64 --self-contained false"],
            Lines(new DotnetPublishStep("publish") { Output = "out", Runtime = "linux-x64", SelfContained = false, Project = "src/App" }));
    }

    [Fact]
    public void Dotnet_steps_take_a_target_framework_and_coverlet_filters()
    {
        Assert.Equal(["dotnet build --configuration Release --framework net8.0"], Lines(new DotnetBuildStep("build") { Framework = "net8.0" }));
        Assert.Equal(["dotnet publish --configuration Debug --framework net10.0"], Lines(new DotnetPublishStep("publish") { Configuration = "Debug", Framework = "net10.0" }));
        Assert.Equal([$"dotnet test --configuration Release --framework net8.0 --results-directory {_folder}/TestResults/unit --logger trx --collect 'XPlat Code Coverage' --filter 'Category!=Slow' -- 'DataCollectionRunSettings.DataCollector.Configuration.Include=[App]*,[Lib]*' 'DataCollectionRunSettings.DataCollector.Configuration.Exclude=[*]App.Generated.*'"],
            Lines(new DotnetTestStep("unit")
            {
                Framework = "net8.0", CollectCoverage = true, CoverageCollector = "XPlat Code Coverage", Filter = "Category!=Slow",
                CoverageInclude = ["[App]*", "[Lib]*"], CoverageExclude = ["[*]App.Generated.*"],
            }));
    }

    [Fact]
    public void Coverlet_filters_without_coverlet_fail_the_step_with_why()
    {
        var e = Assert.Throws<InvalidInputException>(() => Lines(new DotnetTestStep("unit") { CollectCoverage = true, CoverageInclude = ["[App]*"] }));
        Assert.Equal("dotnet-test: coverage_include and coverage_exclude need collect_coverage with coverage_collector 'XPlat Code Coverage' (coverlet)", e.Message);
    }

    [Fact]
    public void Container_build_with_docker_or_podman()
    {
        Assert.Equal(["docker build -t app:latest ."], Lines(new ContainerBuildStep("image", "app")));
        Assert.Equal(["podman build -t ghcr.io/o/app:1.0 -f build/Containerfile --build-arg A=1 --build-arg B=two --platform linux/arm64 --target runtime src", "podman push ghcr.io/o/app:1.0"],
            Lines(new ContainerBuildStep("image", "ghcr.io/o/app")
            {
                Tag = "1.0", File = "build/Containerfile", Context = "src", Engine = "podman",
                BuildArgs = new Dictionary<string, string> { ["B"] = "two", ["A"] = "1" }, Platform = "linux/arm64", Target = "runtime", Push = true,
            }));
        Assert.Throws<InvalidInputException>(() => new ContainerBuildStep("image", "app") { Engine = "rkt" });
    }

    [Fact]
    public void Nuget_push_passes_the_api_key_through_the_environment_only()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "artifacts"));
        File.WriteAllText(Path.Combine(_folder, "artifacts", "App.1.0.0.nupkg"), "");
        File.WriteAllText(Path.Combine(_folder, "a.nupkg"), "");
        Directory.CreateDirectory(Path.Combine(_folder, "feed"));

        var command = Assert.Single(new NugetPushStep("push", "artifacts/*.nupkg") { ApiKeyEnv = "MY_KEY" }
            .BuildCommands(Invocation(new() { ["MY_KEY"] = "s3cr3t" })));

        Assert.Equal("dotnet nuget push artifacts/App.1.0.0.nupkg --source https://api.nuget.org/v3/index.json --skip-duplicate", command.Display());
        Assert.DoesNotContain(command.Arguments, a => a.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Equal("s3cr3t", command.Environment["NUGET_API_KEY"]);
        var folderFeed = Assert.Single(new NugetPushStep("push", "a.nupkg") { Source = "feed" }.BuildCommands(Invocation()));
        Assert.Empty(folderFeed.Environment);
        Assert.Equal(["nuget", "push", "a.nupkg", "--source", Path.Combine(_folder, "feed")], folderFeed.Arguments);
    }

    [Fact]
    public void Npm_publish_refers_to_the_token_through_a_temporary_user_config()
    {
        var command = Assert.Single(new NpmPublishStep("publish") { Access = "public", Tag = "next" }
            .BuildCommands(Invocation(new() { ["NPM_TOKEN"] = "npm_tok" })));

        Assert.Equal("npm publish --registry https://registry.npmjs.org/ --tag next --access public", command.Display());
        Assert.Equal("npm_tok", command.Environment["NODE_AUTH_TOKEN"]);
        var npmrc = File.ReadAllText(command.Environment["NPM_CONFIG_USERCONFIG"]);
        Assert.Equal("//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\n", npmrc);
    }

    [Fact]
    public void Pypi_upload_uses_twine_with_the_token_in_its_environment()
    {
        var command = Assert.Single(new PypiUploadStep("upload").BuildCommands(Invocation(new() { ["PYPI_TOKEN"] = "pypi-x" })));

        Assert.Equal("python3 -m twine upload --non-interactive 'dist/*'", command.Display());
        Assert.Equal("__token__", command.Environment["TWINE_USERNAME"]);
        Assert.Equal("pypi-x", command.Environment["TWINE_PASSWORD"]);
    }

    [Fact]
    public void Github_release_expands_its_files_and_passes_gh_token()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "dist"));
        File.WriteAllText(Path.Combine(_folder, "dist", "app-linux.tar.gz"), "");
        File.WriteAllText(Path.Combine(_folder, "dist", "app-mac.tar.gz"), "");
        File.WriteAllText(Path.Combine(_folder, "dist", "notes.txt"), "");

        var command = Assert.Single(new GithubReleaseStep("release", "v1.0.0") { Files = ["dist/*.tar.gz"], Draft = true }
            .BuildCommands(Invocation(new() { ["GITHUB_TOKEN"] = "ghp" })));

        Assert.Equal(["release", "create", "v1.0.0", Path.Combine(_folder, "dist", "app-linux.tar.gz"), Path.Combine(_folder, "dist", "app-mac.tar.gz"), "--generate-notes", "--draft"], command.Arguments);
        Assert.Equal("ghp", command.Environment["GH_TOKEN"]);
        var error = Assert.Throws<InvalidInputException>(() => new GithubReleaseStep("release", "v1") { Files = ["dist/*.zip"] }.BuildCommands(Invocation()));
        Assert.Equal("no file matches 'dist/*.zip'", error.Message);
    }

    [Fact]
    public async Task Github_release_without_a_token_refuses_before_starting_gh()
    {
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new GithubReleaseStep("release", "v1.0.0") { TokenEnv = "GRYT_TEST_NO_SUCH_TOKEN" }, _folder);

        Assert.False(outcome.Passed);
        Assert.Equal("github-release: no token: set GRYT_TEST_NO_SUCH_TOKEN (or name the variable that holds it with token_env)", outcome.Message);
        Assert.Empty(harness.Runtime.Started);
    }

    [Fact]
    public async Task Github_release_dry_run_lists_the_release_and_its_files_and_needs_no_token()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "dist"));
        File.WriteAllText(Path.Combine(_folder, "dist", "app-linux.tar.gz"), "");
        File.WriteAllText(Path.Combine(_folder, "dist", "app-mac.tar.gz"), "");
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(
            new GithubReleaseStep("release", "v1.0.0") { Files = ["dist/*.tar.gz"], Repository = "o/app", Draft = true, TokenEnv = "GRYT_TEST_NO_SUCH_TOKEN", DryRun = true },
            _folder);

        Assert.True(outcome.Passed, harness.Output);
        Assert.Equal([
            "dry run: would publish to GitHub release v1.0.0 of o/app (draft)",
            "  dist/app-linux.tar.gz",
            "  dist/app-mac.tar.gz",
            "credential from GRYT_TEST_NO_SUCH_TOKEN (not set)",
        ], harness.Lines);
        Assert.Empty(harness.Runtime.Started);
    }

    [Fact]
    public async Task Pypi_oci_and_container_dry_runs_name_what_they_would_publish_and_publish_nothing()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "dist"));
        File.WriteAllText(Path.Combine(_folder, "dist", "gryt_demo-0.3.1-py3-none-any.whl"), "");
        File.WriteAllText(Path.Combine(_folder, "dist", "gryt_demo-0.3.1.tar.gz"), "");
        File.WriteAllText(Path.Combine(_folder, "sbom.json"), "{}");
        var harness = new StepHarness();

        Assert.True((await harness.RunAsync(new PypiUploadStep("upload") { RepositoryUrl = "http://127.0.0.1:1/", DryRun = true }, _folder)).Passed, harness.Output);
        Assert.True((await harness.RunAsync(new OciPushStep("sbom", "localhost:5000/app-sbom:1.0", ["sbom.json"]) { DryRun = true }, _folder)).Passed, harness.Output);

        Assert.Equal([
            "dry run: would publish to http://127.0.0.1:1/",
            "  dist/gryt_demo-0.3.1-py3-none-any.whl (gryt_demo 0.3.1)",
            "  dist/gryt_demo-0.3.1.tar.gz (gryt_demo 0.3.1)",
            "credential from PYPI_TOKEN (not set)",
            "dry run: would publish to localhost:5000/app-sbom:1.0",
            "  sbom.json",
        ], harness.Lines);
        Assert.Empty(harness.Runtime.Started);
        Assert.Equal(["docker build -t app:1.0 ."], Lines(new ContainerBuildStep("image", "app") { Tag = "1.0", Push = true, DryRun = true }));
        var missing = await harness.RunAsync(new PypiUploadStep("upload") { Files = ["wheels/*.whl"], DryRun = true }, _folder);
        Assert.Equal("no file matches 'wheels/*.whl'", missing.Message);
    }

    [Fact]
    public void Oci_push_uses_oras_with_relative_paths()
    {
        File.WriteAllText(Path.Combine(_folder, "sbom.json"), "{}");

        Assert.Equal(["oras push ghcr.io/o/app-sbom:1.0 --artifact-type application/spdx+json sbom.json"],
            Lines(new OciPushStep("sbom", "ghcr.io/o/app-sbom:1.0", ["sbom.json"]) { ArtifactType = "application/spdx+json" }));
    }

    [Fact]
    public async Task A_missing_tool_fails_the_step_with_a_clear_message()
    {
        var step = new NpmBuildStep("web");
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(step, _folder, new Dictionary<string, string> { ["PATH"] = _folder });

        Assert.False(outcome.Passed);
        Assert.Equal("npm is not installed (not found on PATH)", outcome.Message);
        Assert.Empty(harness.Runtime.Started);
    }

    [Fact]
    public async Task A_publish_step_whose_files_are_missing_fails_before_running_anything()
    {
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new OciPushStep("push", "r/a:1", ["nothing-*.bin"]), _folder);

        Assert.False(outcome.Passed);
        Assert.Equal("no file matches 'nothing-*.bin'", outcome.Message);
        Assert.Empty(harness.Runtime.Started);
    }
}
