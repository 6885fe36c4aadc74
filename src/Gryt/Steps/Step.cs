namespace Gryt;

/// <summary>
/// One unit of work in a pipeline. Most steps run a process (<see cref="CommandStep"/> and the
/// built-in language steps derive from it); a custom step overrides <see cref="RunAsync"/>.
/// </summary>
public abstract class Step
{
    protected Step(string name, string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Description = description;
    }

    /// <summary>Unique within its pipeline: <c>[A-Za-z0-9._-]+</c>.</summary>
    public string Name { get; }

    public string? Description { get; }

    /// <summary>Names of steps that must pass before this one starts.</summary>
    public IReadOnlyList<string> Needs { get; init; } = [];

    /// <summary>Past it the step's whole process tree is killed and the step fails.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Extra attempts after a failure.</summary>
    public int Retries { get; init; }

    /// <summary>A failure is recorded but does not fail the pipeline.</summary>
    public bool ContinueOnError { get; init; }

    /// <summary>Working directory, relative to the repository root.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Added to (not replacing) the inherited environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Report files (JUnit XML, Cobertura, LCOV) parsed into metrics after the step.</summary>
    public IReadOnlyList<string> Reports { get; init; } = [];

    /// <summary>A report named in <see cref="Reports"/> that matches no file fails the step
    /// (otherwise it is a warning on the console).</summary>
    public bool ReportsRequired { get; init; }

    /// <summary>Files the step produces: paths, globs (<c>dist/*.tar.gz</c>, <c>out/**/*.nupkg</c>) or folders,
    /// relative to the working directory. After the step passes, each match is recorded with its size and
    /// SHA-256; an entry that matches nothing is a warning.</summary>
    public IReadOnlyList<string> Artifacts { get; init; } = [];

    /// <summary>
    /// A step whose body is <paramref name="body"/>: <c>Step.Run("migrate", async ctx =&gt; await ctx.RunShellAsync("make migrate"))</c>.
    /// It is logged, timed out, retried and cancelled like any step (<see cref="StepContext.CancellationToken"/>);
    /// it passes when the body returns and fails with the message of what it throws.
    /// </summary>
    public static Step Run(
        string name,
        Func<StepContext, Task> body,
        string? description = null,
        IReadOnlyList<string>? needs = null,
        TimeSpan? timeout = null,
        int retries = 0,
        bool continueOnError = false,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? reports = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return new DelegateStep(name, description, body)
        {
            Needs = needs ?? [],
            Timeout = timeout,
            Retries = retries,
            ContinueOnError = continueOnError,
            WorkingDirectory = workingDirectory,
            Environment = environment ?? new Dictionary<string, string>(),
            Reports = reports ?? [],
        };
    }

    /// <summary>A step whose body is the synchronous <paramref name="body"/>; see <see cref="Run(string, Func{StepContext, Task}, string?, IReadOnlyList{string}?, TimeSpan?, int, bool, string?, IReadOnlyDictionary{string, string}?, IReadOnlyList{string}?)"/>.</summary>
    public static Step Run(
        string name,
        Action<StepContext> body,
        string? description = null,
        IReadOnlyList<string>? needs = null,
        TimeSpan? timeout = null,
        int retries = 0,
        bool continueOnError = false,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyList<string>? reports = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Run(name, context =>
        {
            body(context);
            return Task.CompletedTask;
        }, description, needs, timeout, retries, continueOnError, workingDirectory, environment, reports);
    }

    /// <summary>Runs the step once (retries are the runner's job).</summary>
    public abstract Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken);
}

/// <summary>How one attempt of a step ended.</summary>
public sealed record StepOutcome(bool Passed, int? ExitCode, string? Message = null)
{
    public static StepOutcome FromExitCode(int exitCode) => new(exitCode == 0, exitCode);
}
