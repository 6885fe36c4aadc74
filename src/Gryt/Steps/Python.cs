using Gryt.Steps.Reports;
using Gryt.Steps;

namespace Gryt;

/// <summary>
/// <c>python3 -m pip install [--upgrade] [--user] (-r requirements | packages…)</c>; with neither
/// option it installs <c>requirements.txt</c>.
/// </summary>
public sealed class PipInstallStep(
    string? requirements = null,
    IReadOnlyList<string>? packages = null,
    bool upgrade = false,
    bool user = false,
    string python = "python3",
    string? name = null)
    : ToolStep(name ?? "pip-install", "Install Python packages")
{
    public string? Requirements { get; } = packages is { Count: > 0 } ? requirements : requirements ?? "requirements.txt";

    public IReadOnlyList<string> Packages { get; } = packages ?? [];

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new(python, [
            "-m", "pip", "install",
            .. upgrade ? ["--upgrade"] : Array.Empty<string>(),
            .. user ? ["--user"] : Array.Empty<string>(),
            .. Requirements is null ? Array.Empty<string>() : ["-r", Requirements],
            .. Packages])];
}

/// <summary>
/// <c>python3 -m pytest &lt;args&gt; [--junitxml=FILE] &lt;paths&gt;</c>. Without a <c>python</c>
/// option the step uses whichever has pytest: <c>python3 -m pytest</c> when python3 can import
/// pytest, else a <c>pytest</c> program on PATH (Debian's python3-pytest installs
/// <c>/usr/bin/pytest</c> while a pyenv <c>python3</c> earlier on PATH may lack pytest). With a JUnit file
/// the JUnit results are parsed after the run into <c>tests_total</c>, <c>tests_failed</c> and
/// <c>tests_skipped</c>.
/// </summary>
public sealed class PytestStep : ToolStep
{
    private readonly string? _python;

    public PytestStep(
        string? args = null,
        string? junitXml = null,
        IReadOnlyList<string>? paths = null,
        string? python = null,
        string? name = null)
        : base(name ?? "pytest", "Run Python tests")
    {
        Args = CommandLine.Split(args);
        JunitXml = junitXml;
        Paths = paths ?? [];
        _python = python;
    }

    public IReadOnlyList<string> Args { get; }

    public string? JunitXml { get; }

    public IReadOnlyList<string> Paths { get; }

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation)
    {
        string[] launcher = _python is not null ? [_python, "-m", "pytest"] : Launcher(invocation);
        return [new(launcher[0], [
            .. launcher[1..], .. Args,
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
