using Gryt.Git;
using Gryt.Hooks;
using Gryt.Pipelines.Internal;
using Gryt.Project;
using Gryt.Storage;
using Gryt.Sync;

namespace Gryt.Evolutions;

/// <summary>How a bound run's evolution ended: its status and rc tag, the hooks that failed and, when
/// the run passed but proves nothing (dirty tree, foreign rc tag, no commit), the refusal to report.</summary>
internal sealed record BoundRunOutcome(RunStatus Status, string? Tag, bool Dirty, IReadOnlyList<HookFailure> HookFailures, GrytException? Refusal);

/// <summary>
/// The evolution binding use case of a run (<c>gryt run</c>, and later the server): the run is bound
/// to the evolution it proves (the active one, or the one tagged) before the pipeline starts, then
/// completed from what the run recorded (the rc tag on pass) and the pipeline's
/// <c>evolution_pass</c>/<c>evolution_fail</c> hooks fire.
/// </summary>
internal sealed class RunBinding
{
    private readonly EvolutionService? _service;
    private readonly GrytDatabase? _database;
    private readonly TimeProvider? _clock;
    private readonly string _pipelineName;
    private SyncHooks? _sync;

    private RunBinding(EvolutionService? service, Evolution? evolution, string runId, string pipelineName, bool allowDirty, bool dirty,
        GrytDatabase? database = null, TimeProvider? clock = null)
    {
        _service = service;
        _database = database;
        _clock = clock;
        _pipelineName = pipelineName;
        Evolution = evolution;
        RunId = runId;
        AllowDirty = allowDirty;
        DirtyAtStart = dirty;
    }

    /// <summary>The evolution the run proves; null when the run is unbound.</summary>
    public Evolution? Evolution { get; }

    /// <summary>The id the run is recorded under, known up front so the evolution can name it.</summary>
    public string RunId { get; }

    /// <summary>A run on uncommitted changes may prove the evolution (the option, or config <c>require_clean: false</c>).</summary>
    public bool AllowDirty { get; }

    /// <summary>The working tree had uncommitted changes to tracked files when the run was bound.</summary>
    public bool DirtyAtStart { get; }

    /// <summary>
    /// Binds a run of <paramref name="pipelineName"/>: to the evolution tagged <paramref name="evolutionTag"/>, else the
    /// active one; with <paramref name="unbound"/> (or none active) the run proves nothing.
    /// </summary>
    public static RunBinding Begin(GrytProject project, GrytDatabase database, GrytContext context, GitClient git,
        string pipelineName, string? evolutionTag = null, bool unbound = false, bool allowDirty = false, SyncHooks? sync = null)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(git);
        var runId = Ids.New(context.Now);
        if (unbound) return new RunBinding(null, null, runId, pipelineName, false, false);

        var service = new EvolutionService(project, database, context, git);
        var evolution = service.ForRun(evolutionTag, pipelineName);
        if (evolution is null) return new RunBinding(null, null, runId, pipelineName, false, false);

        // Known before the run so that it can be stopped; decided at the end from what the run recorded.
        var allow = allowDirty || !ProjectConfig.Load(project).RequireClean;
        var dirty = git.IsDirty();
        service.BindRun(evolution, pipelineName);
        return new RunBinding(service, evolution, runId, pipelineName, allow, dirty, database, context.Clock) { _sync = sync };
    }

    /// <summary>Records the evolution's outcome (on pass the rc tag at the tested commit), then fires the pipeline's
    /// <c>evolution_pass</c>/<c>evolution_fail</c> hooks. Null when the run is unbound.</summary>
    /// <remarks>A passing run that proves nothing fails its evolution: the <c>evolution_fail</c> hooks fire and
    /// <see cref="BoundRunOutcome.Refusal"/> says why (exit 4 or 5 in the CLI). <paramref name="cancellationToken"/> cancels the hooks' sends.</remarks>
    public async Task<BoundRunOutcome?> CompleteAsync(RunStatus status, Pipeline? pipeline = null, CancellationToken cancellationToken = default)
    {
        if (_service is null || Evolution is null) return null;
        EvolutionCompleted completed;
        GrytException? refused = null;
        try
        {
            completed = _service.Complete(Evolution, status, RunId, AllowDirty);
        }
        catch (GrytException ex) when (status == RunStatus.Pass)
        {
            refused = ex;
            completed = new EvolutionCompleted(RunStatus.Fail, null, ex.Message, false);
        }

        if (completed.Reason == EvolutionService.DirtyReason)
        {
            refused = new ConflictException(
                $"{Evolution.Tag} proves nothing and was not tagged: the run passed, but on uncommitted changes to tracked files; the evolution is recorded as failed (dirty working tree)",
                $"commit the changes, start the next attempt (gryt evolution start {Evolution.Version} --change {string.Join(" --change ", Evolution.ChangeIds)}) and run again; a dirty run proves only with gryt run {_pipelineName} --allow-dirty");
        }

        var failures = await FireHooksAsync(completed.Status, completed.Reason, pipeline, cancellationToken).ConfigureAwait(false);
        if (_sync is not null)
        {
            try
            {
                // Cloud mode: the finished run goes to the server at once; the local record stands either way.
                await _sync.PushGenerationAsync(Evolution.Version, cancellationToken).ConfigureAwait(false);
            }
            catch (GrytException ex) when (refused is null)
            {
                refused = ex is ConflictException
                    ? ex
                    : new GrytEnvironmentException($"{Evolution.Tag} is recorded here, but pushing it failed: {ex.Message}", "push it later: gryt sync push", ex);
            }
        }

        return new BoundRunOutcome(completed.Status, completed.Tag, completed.Dirty, failures, refused);
    }

    /// <summary>The run could not start: the evolution is pending again, to be run later.</summary>
    public void Abandon()
    {
        if (_service is not null && Evolution is not null) _service.Release(Evolution);
    }

    private async Task<IReadOnlyList<HookFailure>> FireHooksAsync(RunStatus status, string? reason, Pipeline? pipeline, CancellationToken cancellationToken)
    {
        if (Evolution is null || pipeline is null || status is not (RunStatus.Pass or RunStatus.Fail)) return [];
        var hookEvent = status == RunStatus.Pass ? PipelineEvent.EvolutionPass : PipelineEvent.EvolutionFail;
        var payload = new Dictionary<string, object?>
        {
            [EventPayload.Event] = PipelineEvents.Name(hookEvent),
            [EventPayload.Pipeline] = pipeline.Name,
            [EventPayload.RunId] = RunId,
            [EventPayload.Status] = status.ToWord(),
            [EventPayload.Version] = Evolution.Version,
            [EventPayload.Tag] = Evolution.Tag,
            ["changes"] = Evolution.ChangeIds,
            ["reason"] = reason,
        };
        using var data = _database is null ? null : new SqliteData(_database);
        return await EventHooks.FireAsync(pipeline, hookEvent, payload, data, RunId, _clock, cancellationToken).ConfigureAwait(false);
    }
}
