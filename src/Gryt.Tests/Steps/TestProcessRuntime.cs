using System.Diagnostics;

namespace Gryt.Tests.Steps;

/// <summary>
/// A test-only <see cref="IRuntime"/> that really starts processes (argument list, merged output,
/// whole tree killed on cancel). The product's LocalRuntime lives with the pipeline engine.
/// </summary>
internal sealed class TestProcessRuntime : IRuntime
{
    public List<ProcessSpec> Started { get; } = [];

    public async Task<int> RunAsync(ProcessSpec spec, Action<string> onLine, CancellationToken cancellationToken)
    {
        lock (Started)
        {
            Started.Add(spec);
        }

        var start = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Clear();
        foreach (var (key, value) in spec.Environment)
        {
            start.Environment[key] = value;
        }

        using var process = new Process { StartInfo = start };
        var gate = new Lock();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { onLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (gate) { onLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>Runs a step through <see cref="TestProcessRuntime"/> and keeps what it reported.</summary>
internal sealed class StepHarness
{
    public List<string> Lines { get; } = [];

    public Dictionary<string, double> Metrics { get; } = [];

    public List<string> Artifacts { get; } = [];

    public TestProcessRuntime Runtime { get; } = new();

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
        return await step.RunAsync(context, timeout.Token);
    }

    public string Output => string.Join('\n', Lines);
}

/// <summary>A fact that runs only when <paramref name="tool"/> is on PATH (and, for Python, pytest is importable).</summary>
internal sealed class ToolFactAttribute : FactAttribute
{
    public ToolFactAttribute(string tool)
    {
        if (Gryt.Steps.ToolLocator.Find(tool, new Dictionary<string, string>()) is null)
        {
            Skip = $"{tool} is not installed on this machine";
        }
        else if (tool == "python3" && !Works("python3", "-m", "pytest", "--version") && !Works("pytest", "--version"))
        {
            Skip = "pytest is not installed (neither python3 -m pytest --version nor pytest --version works)";
        }
    }

    private static bool Works(string program, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(program, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
