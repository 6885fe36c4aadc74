namespace Gryt;

/// <summary>
/// What a running step may use: its runtime, folder and environment, its output (logged, masked
/// and scanned for <c>::gryt metric NAME=VALUE</c> lines), and metric/artifact recording.
/// </summary>
public sealed class StepContext
{
    private readonly Action<string> _onLine;
    private readonly Action<string, double> _recordMetric;
    private readonly Action<string> _recordArtifact;

    // Shared by a step's attempts; each attempt starts it afresh.
    private readonly List<string> _testReports = [];

    internal StepContext(
        Step step,
        IRuntime runtime,
        string repositoryRoot,
        string workingDirectory,
        IReadOnlyDictionary<string, string> environment,
        Action<string> onLine,
        Action<string, double> recordMetric,
        Action<string> recordArtifact)
    {
        Step = step;
        Runtime = runtime;
        RepositoryRoot = repositoryRoot;
        WorkingDirectory = workingDirectory;
        Environment = environment;
        _onLine = onLine;
        _recordMetric = recordMetric;
        _recordArtifact = recordArtifact;
    }

    private StepContext(StepContext context, CancellationToken cancellationToken)
        : this(context.Step, context.Runtime, context.RepositoryRoot, context.WorkingDirectory, context.Environment,
            context._onLine, context._recordMetric, context._recordArtifact)
    {
        CancellationToken = cancellationToken;
        _testReports = context._testReports;
        _testReports.Clear();
    }

    public Step Step { get; }
    public IRuntime Runtime { get; }
    public string RepositoryRoot { get; }

    /// <summary>The step's working directory, absolute.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The step's full environment: inherited, then pipeline, then step variables, and <c>GRYT_STEP_RUN_ID</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Cancelled when the run is interrupted or the step's attempt times out; a step's process
    /// calls below use it unless given another token.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>The same context for one attempt, whose cancellation is <paramref name="cancellationToken"/>.</summary>
    internal StepContext ForAttempt(CancellationToken cancellationToken) => new(this, cancellationToken);

    /// <summary>Writes a line to the step's output (log file, live view, metric scanner).</summary>
    public void Log(string line) => _onLine(line);

    public void RecordMetric(string name, double value) => _recordMetric(name, value);

    public void RecordArtifact(string path) => _recordArtifact(path);

    /// <summary>Tests the reports of this attempt name as failed, shown when the step fails: read only
    /// then, so a passing step's reports are parsed once (for their metrics), not twice.</summary>
    internal IReadOnlyList<Steps.Reports.FailedTest> FailedTests =>
        [.. _testReports.Distinct(StringComparer.Ordinal).SelectMany(Steps.Reports.FailedTests.Read)];

    /// <summary>A test report of this attempt (TRX or JUnit), for <see cref="FailedTests"/>.</summary>
    internal void NoteTestReport(string path) => _testReports.Add(path);

    /// <summary>Runs a program with an argument list in the step's folder and environment.</summary>
    public Task<int> RunProcessAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken = default) =>
        Runtime.RunAsync(new ProcessSpec(fileName, [.. arguments], WorkingDirectory, Environment), _onLine,
            cancellationToken == default ? CancellationToken : cancellationToken);

    /// <summary>Runs a shell command line: <c>bash -c</c> on Unix, <c>cmd /c</c> on Windows.</summary>
    public Task<int> RunShellAsync(string command, CancellationToken cancellationToken = default) =>
        OperatingSystem.IsWindows()
            ? RunProcessAsync("cmd.exe", ["/d", "/s", "/c", command], cancellationToken)
            : RunProcessAsync("bash", ["-c", command], cancellationToken);
}
