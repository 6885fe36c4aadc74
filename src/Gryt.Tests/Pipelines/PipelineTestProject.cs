using Gryt.Project;
using Gryt.Scaffolding.Init;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>A real temporary gryt project (with a git repository) and its database, deleted afterwards.</summary>
internal sealed class PipelineTestProject : IDisposable
{
    private readonly GitRepository? _git;
    private readonly TempDirectory? _folder;

    public PipelineTestProject(bool git = true)
    {
        if (git) _git = new GitRepository();
        else _folder = new TempDirectory();
        Root = _git?.Root ?? _folder!.Path;
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
        pipeline.ExecuteAsync(new ProcessRuntime(), Data, Options(observer), cancellationToken);

    public string PathOf(string relative) => Path.Combine(Root, relative);

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args) => Data.Query(sql, args);

    public string Git(params string[] arguments) => (_git ?? throw new InvalidOperationException("this project has no git repository")).Git(arguments).Trim();

    public void Dispose()
    {
        Data.Dispose();
        _git?.Dispose();
        _folder?.Dispose();
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
