using Gryt.Steps;
using Gryt.Steps.Reports;

namespace Gryt;

/// <summary>
/// <c>python3 -m pip install [--upgrade] [--user] (-r requirements | packages…)</c>; with neither
/// option it installs <c>requirements.txt</c>.
/// </summary>
public sealed class PipInstallStep(string name) : ToolStep(name, "Install Python packages")
{
    /// <summary>A requirements file; default <c>requirements.txt</c> unless <see cref="Packages"/> are given.</summary>
    public string? Requirements { get => field ?? (Packages.Count > 0 ? null : "requirements.txt"); init; }

    public IReadOnlyList<string> Packages { get; init; } = [];

    public bool Upgrade { get; init; }

    public bool User { get; init; }

    public string Python { get; init; } = "python3";

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new(Python, [
            "-m", "pip", "install",
            .. Upgrade ? ["--upgrade"] : Array.Empty<string>(),
            .. User ? ["--user"] : Array.Empty<string>(),
            .. Requirements is null ? Array.Empty<string>() : ["-r", Requirements],
            .. Args,
            .. Packages])];
}

/// <summary>
/// <c>python3 -m pytest [-k FILTER] &lt;args&gt; [--junitxml=FILE] &lt;paths&gt;</c>. Without a <c>python</c>
/// option the step uses whichever has pytest: <c>python3 -m pytest</c> when python3 can import
/// pytest, else a <c>pytest</c> program on PATH (Debian's python3-pytest installs
/// <c>/usr/bin/pytest</c> while a pyenv <c>python3</c> earlier on PATH may lack pytest). With a JUnit file
/// the JUnit results are parsed after the run into <c>tests_total</c>, <c>tests_failed</c> and
/// <c>tests_skipped</c>.
/// </summary>
public sealed class PytestStep(string name) : ToolStep(name, "Run Python tests")
{
    /// <summary>A JUnit XML file to write and parse into test metrics.</summary>
    public string? JunitXml { get; init; }

    /// <summary>Runs only the tests this keyword expression selects (<c>-k</c>), e.g. <c>not slow</c>.</summary>
    public string? Filter { get; init; }

    public IReadOnlyList<string> Paths { get; init; } = [];

    /// <summary>The Python that runs <c>-m pytest</c>; when null, whichever has pytest (see the class).</summary>
    public string? Python { get; init; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        string[] launcher = Python is not null ? [Python, "-m", "pytest"] : Launcher(invocation);
        return [new(launcher[0], [
            .. launcher[1..],
            .. Filter is null ? Array.Empty<string>() : ["-k", Filter],
            .. Args,
            .. JunitXml is null ? Array.Empty<string>() : [$"--junitxml={JunitXml}"],
            .. Paths])];
    }

    /// <summary>python3 when it imports pytest, else a pytest program on PATH, else python3
    /// (whose "No module named pytest" then says what is missing).</summary>
    private static string[] Launcher(ToolInvocation invocation)
    {
        string[] module = ["python3", "-m", "pytest"];
        if (ToolLocator.Find("python3", invocation.Environment) is { } python
            && ToolLocator.Succeeds(python, ["-c", "import pytest"], invocation.WorkingDirectory, invocation.Environment))
        {
            return module;
        }

        return ToolLocator.Find("pytest", invocation.Environment) is not null ? ["pytest"] : module;
    }

    private protected override object? BeforeRun(ToolInvocation invocation)
    {
        // A results file left by an earlier run must not be mistaken for this run's; the folder
        // is made here because a fresh clone has none (test-results/ is ignored by git).
        if (JunitXml is not null)
        {
            var report = invocation.Resolve(JunitXml);
            Directory.CreateDirectory(Path.GetDirectoryName(report)!);
            File.Delete(report);
        }

        return null;
    }

    private protected override Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken)
    {
        if (JunitXml is not null)
        {
            StepReports.Record(context, [invocation.Resolve(JunitXml)]);
        }

        return Task.CompletedTask;
    }
}
