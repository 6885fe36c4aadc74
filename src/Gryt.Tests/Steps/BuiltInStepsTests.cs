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
        Assert.Equal("step 'b' (dotnet-build): unknown option 'configration' (allowed: configuration, project, no_restore)",
            Assert.Throws<InvalidInputException>(() => BuiltInSteps.Create("dotnet-build", "b", Options(("configration", "Release")))).Message);
        Assert.Equal("step 'd' (go-mod-download): unknown option 'x' (it takes no options)",
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
}
