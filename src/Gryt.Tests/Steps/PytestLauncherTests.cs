namespace Gryt.Tests.Steps;

/// <summary>
/// The pytest step runs whichever of <c>python3 -m pytest</c> and a <c>pytest</c> program has
/// pytest, told apart with stand-in programs on a PATH of the test's own.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PytestLauncherTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-pytest-").FullName;
    private readonly string _bin;

    public PytestLauncherTests() => _bin = Directory.CreateDirectory(Path.Combine(_folder, "bin")).FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Program(string name, string script)
    {
        var path = Path.Combine(_bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>A python3 that imports pytest or not, as pyenv's python3 on these machines does not.</summary>
    private void Python3(bool hasPytest) =>
        Program("python3", hasPytest ? "exit 0" : "echo \"ModuleNotFoundError: No module named 'pytest'\" >&2; exit 1");

    private string Line(PytestStep step)
    {
        var environment = new Dictionary<string, string> { ["PATH"] = _bin };
        var invocation = new ToolInvocation(_folder, environment, _folder);
        return Assert.Single(step.BuildCommands(invocation)).Display();
    }

    [Fact]
    public void Python3_runs_pytest_when_it_can_import_it()
    {
        Python3(hasPytest: true);
        Program("pytest", "exit 0");

        Assert.Equal("python3 -m pytest -q", Line(new PytestStep("test") { Args = ["-q"] }));
    }

    [Fact]
    public void A_pytest_program_on_PATH_is_used_when_python3_cannot_import_pytest()
    {
        Python3(hasPytest: false);
        Program("pytest", "exit 0");

        Assert.Equal("pytest -q --junitxml=out/junit.xml tests", Line(new PytestStep("test") { Args = ["-q"], JunitXml = "out/junit.xml", Paths = ["tests"] }));
    }

    [Fact]
    public void A_pytest_program_is_used_when_there_is_no_python3()
    {
        Program("pytest", "exit 0");

        Assert.Equal("pytest", Line(new PytestStep("test")));
    }

    [Fact]
    public void Without_pytest_anywhere_python3_says_what_is_missing()
    {
        Python3(hasPytest: false);

        Assert.Equal("python3 -m pytest", Line(new PytestStep("test")));
    }

    [Fact]
    public void A_python_option_is_always_used_as_given()
    {
        Python3(hasPytest: false);
        Program("pytest", "exit 0");

        Assert.Equal("python3.12 -m pytest", Line(new PytestStep("test") { Python = "python3.12" }));
    }

    [Fact]
    public async Task The_report_folder_is_created_for_a_pytest_that_does_not_create_it()
    {
        // Like a fresh clone: test-results/ is ignored by git, so it does not exist yet.
        Python3(hasPytest: false);
        Program("pytest", """
            for arg in "$@"; do case "$arg" in --junitxml=*) report=${arg#--junitxml=} ;; esac; done
            printf '<testsuite tests="2" failures="0" errors="0" skipped="0"></testsuite>\n' > "$report" || exit 3
            """);
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new PytestStep("test") { JunitXml = "test-results/junit.xml" }, _folder,
            new Dictionary<string, string> { ["PATH"] = _bin + ":/usr/bin:/bin" });

        Assert.True(outcome.Passed, harness.Output + outcome.Message);
        Assert.True(File.Exists(Path.Combine(_folder, "test-results", "junit.xml")));
        Assert.Equal(2, harness.Metrics["tests_total"]);
    }
}
