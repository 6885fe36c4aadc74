namespace Gryt.Tests.Steps;

/// <summary>The product's <see cref="ProcessRuntime"/>, noting what it was asked to start.</summary>
internal sealed class TestProcessRuntime : IRuntime
{
    private readonly ProcessRuntime _runtime = new();

    public List<ProcessSpec> Started { get; } = [];

    public Task<int> RunAsync(ProcessSpec spec, Action<string> onLine, CancellationToken cancellationToken)
    {
        lock (Started)
        {
            Started.Add(spec);
        }

        return _runtime.RunAsync(spec, onLine, cancellationToken);
    }
}

/// <summary>Runs a step through <see cref="TestProcessRuntime"/> and keeps what it reported.</summary>
internal sealed class StepHarness
{
    public List<string> Lines { get; } = [];

    public Dictionary<string, double> Metrics { get; } = [];

    public List<string> Artifacts { get; } = [];

    public TestProcessRuntime Runtime { get; } = new();

    /// <summary>The failed tests the last run's reports named.</summary>
    public IReadOnlyList<Gryt.Steps.Reports.FailedTest> FailedTests { get; private set; } = [];

    public async Task<StepOutcome> RunAsync(Step step, string workingDirectory, IReadOnlyDictionary<string, string>? extraEnvironment = null)
    {
        var environment = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value ?? "", StringComparer.Ordinal);
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        var context = new StepContext(step, Runtime, workingDirectory, workingDirectory, environment,
            line => { lock (Lines) { Lines.Add(line); } },
            (name, value) => Metrics[name] = value,
            Artifacts.Add);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        var outcome = await step.RunAsync(context, timeout.Token);
        FailedTests = context.FailedTests;
        return outcome;
    }

    public string Output => string.Join('\n', Lines);
}

/// <summary>A fact that runs only when <paramref name="tool"/> is on PATH (and, for Python, pytest is importable).</summary>
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (Gryt.Steps.ToolLocator.Find(tool, GrytHost.Current) is null)
        {
            Skip = $"{tool} is not installed on this machine";
        }
        else if (tool == "python3" && !Works("python3", "-m", "pytest", "--version") && !Works("pytest", "--version"))
        {
            Skip = "pytest is not installed (neither python3 -m pytest --version nor pytest --version works)";
        }
    }

    private static bool Works(string program, params string[] arguments) =>
        Gryt.Steps.ToolLocator.Find(program, GrytHost.Current) is { } path
        && Gryt.Steps.ToolLocator.Succeeds(path, arguments, Path.GetTempPath(), GrytHost.Current.Environment);
}
