using Gryt.Steps;

namespace Gryt.Tests.Steps;

public sealed class BuiltInStepsTests
{
    private static Dictionary<string, object?> Options(params (string Key, object? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    private static string Line(Step step) =>
        string.Join(" | ", ((ToolStep)step).BuildCommands(new ToolInvocation("/repo", new Dictionary<string, string>(), Path.GetTempPath())).Select(c => c.Display()));

    [Fact]
    public void Names_are_the_uses_words_of_the_spec()
    {
        Assert.Equal(
            ["go-mod-download", "go-build", "go-test", "go-vet", "pip-install", "pytest", "npm-install", "npm-test", "npm-build",
             "cargo-build", "cargo-test", "cargo-clippy", "dotnet-restore", "dotnet-build", "dotnet-test", "dotnet-pack", "dotnet-publish",
             "container-build", "nuget-push", "npm-publish", "pypi-upload", "github-release", "oci-push"],
            BuiltInSteps.Names);
    }

    [Fact]
    public void Every_name_creates_a_step_with_the_given_name()
    {
        var required = new Dictionary<string, Dictionary<string, object?>>
        {
            ["container-build"] = Options(("image", "app")),
            ["nuget-push"] = Options(("packages", "*.nupkg")),
            ["github-release"] = Options(("tag", "v1")),
            ["oci-push"] = Options(("reference", "r/a:1"), ("files", new List<object?> { "a" })),
        };
        foreach (var uses in BuiltInSteps.Names)
        {
            var step = BuiltInSteps.Create(uses, "my-" + uses, required.GetValueOrDefault(uses) ?? Options());
            Assert.Equal("my-" + uses, step.Name);
            Assert.IsAssignableFrom<ToolStep>(step);
        }
    }

    [Fact]
    public void Options_are_passed_to_the_step()
    {
        Assert.Equal("go test -race -count=1 -json -coverprofile=c.out ./...",
            Line(BuiltInSteps.Create("go-test", "t", Options(("flags", new List<object?> { "-race", "-count=1" }), ("cover_profile", "c.out")))));
        Assert.Equal("python3 -m pytest -v -k 'not slow' --junitxml=junit.xml",
            Line(BuiltInSteps.Create("pytest", "t", Options(("args", "-v -k 'not slow'"), ("junit_xml", "junit.xml"), ("python", "python3")))));
        Assert.Equal("dotnet test --configuration Debug --results-directory /repo/TestResults/unit --logger trx --collect 'Code Coverage;Format=cobertura' --settings s.runsettings",
            Line(BuiltInSteps.Create("dotnet-test", "unit", Options(("configuration", "Debug"), ("collect_coverage", true), ("settings", "s.runsettings")))));
        Assert.Equal("dotnet test --configuration Release --framework net8.0 --results-directory /repo/TestResults/unit --logger trx --collect 'XPlat Code Coverage' -- 'DataCollectionRunSettings.DataCollector.Configuration.Exclude=[*]Gen.*'",
            Line(BuiltInSteps.Create("dotnet-test", "unit", Options(("framework", "net8.0"), ("collect_coverage", true), ("coverage_collector", "XPlat Code Coverage"), ("coverage_exclude", new List<object?> { "[*]Gen.*" })))));
        Assert.Equal("dotnet publish --configuration Release --output out --runtime linux-x64 --self-contained true",
            Line(BuiltInSteps.Create("dotnet-publish", "p", Options(("output", "out"), ("runtime", "linux-x64"), ("self_contained", true)))));
        Assert.Equal("docker build -t app:2 --build-arg V=2 . | docker push app:2",
            Line(BuiltInSteps.Create("container-build", "c", Options(("image", "app"), ("tag", 2L), ("build_args", new Dictionary<string, object?> { ["V"] = 2L }), ("push", true)))));
        Assert.Equal("cargo build --release --features a,b",
            Line(BuiltInSteps.Create("cargo-build", "b", Options(("release", true), ("features", new List<object?> { "a", "b" })))));
    }

    [Fact]
    public void Unknown_uses_names_itself_and_the_known_steps()
    {
        var error = Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("no-such-step", "x", Options()));

        Assert.Contains("'no-such-step'", error.Message);
        Assert.Contains("go-test", error.Message);
        Assert.Contains("oci-push", error.Message);
    }

    [Fact]
    public void Unknown_or_ill_typed_options_are_named()
    {
        Assert.Equal("step 'b' (dotnet-build): unknown option 'configration' (allowed: configuration, project, no_restore, framework, args)",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-build", "b", Options(("configration", "Release")))).Message);
        Assert.Equal("step 'd' (go-mod-download): unknown option 'x' (allowed: args)",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("go-mod-download", "d", Options(("x", 1L)))).Message);
        Assert.Equal("step 'b' (cargo-build): option 'release' must be true or false, not 3",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("cargo-build", "b", Options(("release", 3L)))).Message);
        Assert.Equal("step 't' (dotnet-test): option 'project' must be a string, not a list",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-test", "t", Options(("project", new List<object?> { "a" })))).Message);
        Assert.Equal("step 'c' (container-build): option 'image' is required",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("container-build", "c", Options())).Message);
        Assert.Equal("step 'c' (container-build): option 'engine' must be one of docker, podman, not 'rkt'",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("container-build", "c", Options(("image", "a"), ("engine", "rkt")))).Message);
        Assert.Equal("step 'n' (npm-build): script must not be empty",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("npm-build", "n", Options(("script", " ")))).Message);
    }

    // Where args go on each step: after gryt's options, before the positional arguments that end the
    // command (packages, paths, the build context, a "--" section gryt writes); npm scripts get them after "--".
    [Theory]
    [InlineData("go-mod-download", "", "go mod download -A 'b c'")]
    [InlineData("go-build", "", "go build -A 'b c' ./...")]
    [InlineData("go-test", "", "go test -json -A 'b c' ./...")]
    [InlineData("go-vet", "", "go vet -A 'b c' ./...")]
    [InlineData("pip-install", "packages=requests", "python3 -m pip install -A 'b c' requests")]
    [InlineData("pytest", "python=python3 paths=tests", "python3 -m pytest -A 'b c' tests")]
    [InlineData("npm-install", "", "npm install -A 'b c'")]
    [InlineData("npm-test", "", "npm test -- -A 'b c'")]
    [InlineData("npm-build", "", "npm run build -- -A 'b c'")]
    [InlineData("cargo-build", "", "cargo build -A 'b c'")]
    [InlineData("cargo-test", "", "cargo test -A 'b c'")]
    [InlineData("cargo-clippy", "", "cargo clippy --all-targets -A 'b c' -- -D warnings")]
    [InlineData("dotnet-restore", "", "dotnet restore -A 'b c'")]
    [InlineData("dotnet-build", "", "dotnet build --configuration Release -A 'b c'")]
    [InlineData("dotnet-test", "", "dotnet test --configuration Release --results-directory /repo/TestResults/s --logger trx -A 'b c'")]
    [InlineData("dotnet-pack", "", "dotnet pack --configuration Release -A 'b c'")]
    [InlineData("dotnet-publish", "", "dotnet publish --configuration Release -A 'b c'")]
    [InlineData("container-build", "image=app push=true", "docker build -t app:latest -A 'b c' . | docker push app:latest")]
    [InlineData("nuget-push", "packages=a.nupkg", "dotnet nuget push a.nupkg --source https://api.nuget.org/v3/index.json --skip-duplicate -A 'b c'")]
    [InlineData("npm-publish", "", "npm publish --registry https://registry.npmjs.org/ -A 'b c'")]
    [InlineData("pypi-upload", "", "python3 -m twine upload --non-interactive -A 'b c' 'dist/*'")]
    [InlineData("github-release", "tag=v1", "gh release create v1 --generate-notes -A 'b c'")]
    [InlineData("oci-push", "reference=r/a:1 files=a.txt", "oras push r/a:1 -A 'b c' a.txt")]
    public void Every_step_takes_args_on_its_main_command(string uses, string given, string expected)
    {
        var options = given.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => (object?)p[1]);
        options["args"] = new List<object?> { "-A", "b c" };
        var step = (ToolStep)BuiltInSteps.Create(uses, "s", options);

        var (commands, problem) = step.Preview("/repo", new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp-test" });

        Assert.Null(problem);
        Assert.Equal(expected, string.Join(" | ", commands!.Select(c => c.Display())));
        Assert.Equal(["-A", "b c"], step.Args);
    }

    [Fact]
    public void Test_steps_take_a_filter_in_their_runners_own_terms()
    {
        Assert.Equal("go test -json -run '^TestA$' ./...", Line(BuiltInSteps.Create("go-test", "t", Options(("filter", "^TestA$")))));
        Assert.Equal("cargo test parse::", Line(BuiltInSteps.Create("cargo-test", "t", Options(("filter", "parse::")))));
        Assert.Equal("python3 -m pytest -k 'not slow' -x", Line(BuiltInSteps.Create("pytest", "t", Options(("filter", "not slow"), ("args", "-x"), ("python", "python3")))));
        Assert.Equal("dotnet test --configuration Debug --results-directory /repo/TestResults/t --logger trx --filter 'Category!=Slow'",
            Line(BuiltInSteps.Create("dotnet-test", "t", Options(("filter", "Category!=Slow"), ("configuration", "Debug")))));
    }

    [Fact]
    public void Args_given_as_a_line_are_split_as_a_shell_would_and_other_shapes_are_refused()
    {
        var step = (ToolStep)BuiltInSteps.Create("dotnet-build", "b", Options(("args", "--no-restore -v q '-p:A=1 2'")));
        Assert.Equal(["--no-restore", "-v", "q", "-p:A=1 2"], step.Args);

        Assert.Equal("step 'b' (dotnet-build): option 'args' must be a string or a list of strings, not a mapping",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-build", "b", Options(("args", new Dictionary<string, object?> { ["a"] = 1L })))).Message);
        Assert.Equal("step 'b' (dotnet-build): option 'args' must be a string or a list of strings, not 3",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-build", "b", Options(("args", 3L)))).Message);
        Assert.Equal("step 'b' (dotnet-build): option 'args' must be a list of strings, not a list",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-build", "b", Options(("args", new List<object?> { new List<object?> { "x" } })))).Message);
        Assert.StartsWith("step 'b' (dotnet-build): unclosed ' quote",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-build", "b", Options(("args", "-v 'q")))).Message, StringComparison.Ordinal);
    }
}
