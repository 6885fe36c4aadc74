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
/// <c>python3 -m pytest &lt;args&gt; [--junitxml=FILE] &lt;paths&gt;</c>. With a JUnit file
/// the JUnit results are parsed after the run into <c>tests_total</c>, <c>tests_failed</c> and
/// <c>tests_skipped</c>.
/// </summary>
public sealed class PytestStep : ToolStep
{
    private readonly string _python;

    public PytestStep(
        string? args = null,
        string? junitXml = null,
        IReadOnlyList<string>? paths = null,
        string python = "python3",
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

    internal override IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation) =>
        [new(_python, [
            "-m", "pytest", .. Args,
            .. JunitXml is null ? Array.Empty<string>() : [$"--junitxml={JunitXml}"],
            .. Paths])];

    private protected override object? BeforeRun(ToolInvocation invocation)
    {
        // A results file left by an earlier run must not be mistaken for this run's.
        if (JunitXml is not null)
        {
            File.Delete(invocation.Resolve(JunitXml));
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
