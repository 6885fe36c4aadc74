using Gryt.Cli.Tests.TestSupport;
using Gryt.Steps;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands.New;

/// <summary>
/// <c>gryt new P --template T &amp;&amp; cd P &amp;&amp; gryt run PIPELINE</c> passes, with the
/// toolchains of this machine (skipped, saying why, where one is missing) and with a stand-in
/// pytest that behaves like Debian's.
/// </summary>
[Trait("Category", "Slow")]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class TemplatePipelineTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string New(string name, string template)
    {
        new CliRunner(_folder.Path).Ok("new", name, "--template", template);
        return _folder.Combine(name);
    }

    [Fact]
    public void Python_ci_passes_with_a_pytest_program_on_PATH_and_a_python3_without_pytest()
    {
        var root = New("p", "python-ci");
        var bin = Directory.CreateDirectory(_folder.Combine("stand-ins")).FullName;
        // As on these machines: pyenv's python3 first on PATH cannot import pytest; it compiles
        // for real where a python3 exists.
        var realPython = ToolLocator.Find("python3", GrytHost.Current);
        Script(bin, "python3", $"""
            if [ "$1" = "-c" ]; then echo "ModuleNotFoundError: No module named 'pytest'" >&2; exit 1; fi
            {(realPython is null ? "exit 0" : $"exec '{realPython}' \"$@\"")}
            """);
        // Like Debian's /usr/bin/pytest, except that it cannot make the report's folder itself.
        Script(bin, "pytest", """
            for arg in "$@"; do case "$arg" in --junitxml=*) report=${arg#--junitxml=} ;; esac; done
            [ -n "$report" ] || { echo "no --junitxml" >&2; exit 4; }
            printf '<testsuite tests="2" failures="0" errors="0" skipped="0"></testsuite>\n' > "$report" || exit 3
            echo "2 passed (stand-in)"
            """);

        var result = ProcessRunner.Run(GrytBinary.Path, root, new Dictionary<string, string?>
        {
            ["PATH"] = bin + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH"),
            ["GRYT_DB"] = null,
            ["CI"] = null,
            ["NO_COLOR"] = "1",
        }, "run", "ci");

        Assert.True(result.ExitCode == 0, result.ToString());
        var log = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(root, ".gryt", "logs"), "test.log", SearchOption.AllDirectories)));
        Assert.Contains("$ pytest -q --junitxml=test-results/junit.xml", log, StringComparison.Ordinal);
        Assert.Contains("2 passed (stand-in)", log, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(root, "test-results", "junit.xml")));
    }

    [TemplateToolFact("pytest")]
    public void Python_ci_runs_for_real_with_the_pytest_of_this_machine()
    {
        var root = New("greeter", "python-ci");

        new CliRunner(root).Ok("run", "ci", "--no-evolution");

        Assert.Contains("tests=\"2\"", File.ReadAllText(Path.Combine(root, "test-results", "junit.xml")), StringComparison.Ordinal);
    }

    [TemplateToolFact("go")]
    public void Go_release_runs_for_real_with_the_go_of_this_machine()
    {
        var root = New("greeter", "go-release");

        var gryt = new CliRunner(root);
        gryt.Ok("evolution", "start", "v0.1.0", "--change", "INIT-001");
        gryt.Ok("run", "release");

        Assert.True(File.Exists(Path.Combine(root, "bin", "greeter")));
        // What the release's metric gates read: both tests, and the 50.0% go test prints (main() is not run).
        Assert.Contains("tests_total v0.1.0: 2", gryt.Ok("db", "metric", "tests_total", "--gen", "v0.1.0").Out, StringComparison.Ordinal);
        Assert.Contains("tests_failed v0.1.0: 0", gryt.Ok("db", "metric", "tests_failed", "--gen", "v0.1.0").Out, StringComparison.Ordinal);
        Assert.Contains("coverage v0.1.0: 50", gryt.Ok("db", "metric", "coverage", "--gen", "v0.1.0").Out, StringComparison.Ordinal);
    }

    [TemplateToolFact("npm")]
    public void Node_ci_records_the_node_test_results()
    {
        var root = New("greeter", "node-ci");
        var gryt = new CliRunner(root);
        gryt.Ok("evolution", "start", "v0.1.0", "--change", "INIT-001");
        gryt.Ok("run", "ci");

        Assert.Contains("tests_total v0.1.0: 2", gryt.Ok("db", "metric", "tests_total", "--gen", "v0.1.0").Out, StringComparison.Ordinal);
        Assert.Contains("tests_failed v0.1.0: 0", gryt.Ok("db", "metric", "tests_failed", "--gen", "v0.1.0").Out, StringComparison.Ordinal);
    }

    private static void Script(string folder, string name, string body)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, "#!/bin/sh\n" + body + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}

/// <summary>A fact that runs only where the toolchain is installed: <c>go</c>, or <c>pytest</c>
/// (as <c>python3 -m pytest</c> or a <c>pytest</c> program).</summary>
internal sealed class TemplateToolFactAttribute : FactAttribute
{
    public TemplateToolFactAttribute(string tool)
    {
        var works = tool == "pytest"
            ? Works("python3", "-m", "pytest", "--version") || Works("pytest", "--version")
            : Works(tool, "version");
        if (!works) Skip = $"{tool} is not installed on this machine (.ci/run installs it from Debian packages)";
    }

    private static bool Works(string program, params string[] arguments) =>
        ToolLocator.Find(program, GrytHost.Current) is { } path
        && ToolLocator.Succeeds(path, arguments, Path.GetTempPath(), GrytHost.Current.Environment);
}
