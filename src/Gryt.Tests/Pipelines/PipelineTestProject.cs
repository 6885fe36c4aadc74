using System.Diagnostics;
using Gryt.Project;

namespace Gryt.Tests.Pipelines;

/// <summary>A real temporary gryt project (with a git repository) and its database, deleted afterwards.</summary>
internal sealed class PipelineTestProject : IDisposable
{
    public PipelineTestProject(bool git = true)
    {
        Root = Path.Combine(Path.GetTempPath(), "gryt-engine-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        if (git)
        {
            Git("init", "-q", "-b", "main", ".");
            File.WriteAllText(Path.Combine(Root, "README.md"), "# test\n");
            Git("add", "README.md");
            Git("-c", "user.name=t", "-c", "user.email=t@example.invalid", "-c", "commit.gpgSign=false", "commit", "-qm", "initial");
        }

        Project = ProjectInitializer.Initialize(Root, force: false).Project;
        Data = new SqliteData(Project.DatabasePath);
    }

    public string Root { get; }
    public GrytProject Project { get; }
    public SqliteData Data { get; }

    public PipelineRunOptions Options(IPipelineObserver? observer = null) => new()
    {
        RepositoryRoot = Root,
        LogsFolder = Project.LogsFolder,
        Observer = observer,
        HookTimeout = TimeSpan.FromSeconds(10),
    };

    public Task<PipelineResult> RunAsync(Pipeline pipeline, IPipelineObserver? observer = null, CancellationToken cancellationToken = default) =>
        pipeline.ExecuteAsync(new LocalRuntime(), Data, Options(observer), cancellationToken);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args) => Data.Query(sql, args);

    public string Git(params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException("git " + string.Join(' ', arguments) + " failed");
        return output.Trim();
    }

    public void Dispose()
    {
        Data.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A process of a failed test may still hold a file; the temp folder is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Collects progress events; lets a test wait until a step has started.</summary>
internal sealed class RecordingObserver : IPipelineObserver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TaskCompletionSource> _started = [];

    public List<string> Events { get; } = [];

    public Task Started(string step)
    {
        lock (_gate) return Source(step).Task;
    }

    public void RunStarted(string runId, Pipeline pipeline)
    {
        lock (_gate) Events.Add("run " + pipeline.Name);
    }

    public void StepStarted(string stepName, int attempt)
    {
        lock (_gate)
        {
            Events.Add($"start {stepName} {attempt}");
            Source(stepName).TrySetResult();
        }
    }

    public void StepFinished(StepResult result)
    {
        lock (_gate) Events.Add($"end {result.Name} {result.Status.ToWord()}");
    }

    public void HookFailed(HookFailure failure)
    {
        lock (_gate) Events.Add($"hook-failed {failure.Destination} {failure.Event}");
    }

    private TaskCompletionSource Source(string step)
    {
        if (!_started.TryGetValue(step, out var source))
        {
            source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _started[step] = source;
        }

        return source;
    }
}

/// <summary>A test-only destination that keeps every payload it receives, or fails as told.</summary>
internal sealed class RecordingDestination(string name, bool fail = false, bool throws = false) : Destination(name)
{
    private readonly Lock _gate = new();

    public List<IReadOnlyDictionary<string, object?>> Payloads { get; } = [];

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        lock (_gate) Payloads.Add(payload);
        if (throws) throw new InvalidOperationException($"{Name} is unreachable");
        return Task.FromResult(fail ? DeliveryResult.Failed($"{Name} refused the event") : DeliveryResult.Delivered);
    }
}
