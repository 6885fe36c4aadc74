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

    public Step Step { get; }
    public IRuntime Runtime { get; }
    public string RepositoryRoot { get; }

    /// <summary>The step's working directory, absolute.</summary>
    public string WorkingDirectory { get; }

    /// <summary>The step's full environment: inherited, then pipeline, then step variables, and <c>GRYT_STEP_RUN_ID</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Writes a line to the step's output (log file, live view, metric scanner).</summary>
    public void Log(string line) => _onLine(line);

    public void RecordMetric(string name, double value) => _recordMetric(name, value);

    public void RecordArtifact(string path) => _recordArtifact(path);

    /// <summary>Runs a program with an argument list in the step's folder and environment.</summary>
    public Task<int> RunProcessAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Runtime.RunAsync(new ProcessSpec(fileName, [.. arguments], WorkingDirectory, Environment), _onLine, cancellationToken);

    /// <summary>Runs a shell command line: <c>bash -c</c> on Unix, <c>cmd /c</c> on Windows.</summary>
    public Task<int> RunShellAsync(string command, CancellationToken cancellationToken) =>
        OperatingSystem.IsWindows()
            ? RunProcessAsync("cmd.exe", ["/d", "/s", "/c", command], cancellationToken)
            : RunProcessAsync("bash", ["-c", command], cancellationToken);
}
