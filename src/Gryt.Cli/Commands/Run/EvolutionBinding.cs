using Gryt.Cli.Rendering;
using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Project;

namespace Gryt.Cli.Commands.Run;

/// <summary>
/// Ties one <c>gryt run</c> to the evolution it proves (the active one, or <c>--evolution TAG</c>):
/// bound before the pipeline starts, completed (and tagged on pass) from what the run recorded.
/// </summary>
internal sealed class EvolutionBinding
{
    private readonly EvolutionService? _service;
    private readonly Output _output;

    private readonly bool _allowDirty;
    private readonly string _pipelineName;

    private EvolutionBinding(EvolutionService? service, Gryt.Evolutions.Evolution? evolution, string runId, Output output, bool allowDirty = false, string pipelineName = "")
    {
        _service = service;
        _allowDirty = allowDirty;
        _pipelineName = pipelineName;
        Evolution = evolution;
        RunId = runId;
        _output = output;
    }

    public Gryt.Evolutions.Evolution? Evolution { get; }

    /// <summary>The id the run is recorded under, known up front so the evolution can name it.</summary>
    public string RunId { get; }

    public static EvolutionBinding Begin(RunOptions options, string pipelineName, ProjectSession session, Output output)
    {
        var runId = Ids.New(session.Context.Now);
        if (options.NoEvolution) return new EvolutionBinding(null, null, runId, output);

        var git = new GitClient(session.Project.Root);
        var service = new EvolutionService(session.Project, session.Database, session.Context, git);
        var evolution = service.ForRun(options.Evolution, pipelineName);
        if (evolution is null)
        {
            output.Note("no evolution is active: this run proves nothing (start one with: gryt evolution start VERSION --change ID)");
            return new EvolutionBinding(null, null, runId, output);
        }

        // Said before the run so that it can be stopped; decided at the end from what the run recorded.
        var allowDirty = options.AllowDirty || !ProjectConfig.Load(session.Project).RequireClean;
        if (git.IsDirty())
        {
            output.Warn(allowDirty
                ? $"the working tree has uncommitted changes to tracked files: {evolution.Tag} may prove them (dirty proofs are allowed), and its tag and release notes will say so"
                : $"the working tree has uncommitted changes to tracked files: this run will prove nothing and {evolution.Tag} will get no tag; commit them first, or allow it with --allow-dirty");
        }

        service.BindRun(evolution, pipelineName);
        output.Note($"proving {string.Join(", ", evolution.ChangeIds)} as {evolution.Tag}");
        return new EvolutionBinding(service, evolution, runId, output, allowDirty, pipelineName);
    }

    /// <summary>Records the evolution's outcome; on pass the rc tag is created at the tested commit,
    /// then the pipeline's <c>evolution_pass</c>/<c>evolution_fail</c> hooks fire.</summary>
    /// <remarks>A passing run that proves nothing (dirty tree, foreign rc tag, no commit) fails its
    /// evolution: the <c>evolution_fail</c> hooks fire and the refusal is thrown (exit 4 or 5).</remarks>
    public void Complete(RunStatus status, Gryt.Pipeline? pipeline = null)
    {
        if (_service is null || Evolution is null) return;
        EvolutionCompleted completed;
        GrytException? refused = null;
        try
        {
            completed = _service.Complete(Evolution, status, RunId, _allowDirty);
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

        Fire(completed.Status, completed.Reason, pipeline);
        if (refused is not null) throw refused;
        var tag = completed.Tag;
        status = completed.Status;
        if (status == RunStatus.Pass && completed.Dirty)
        {
            _output.Warn($"{Evolution.Tag} was proven on a working tree with uncommitted changes (allowed): its tag message says so");
        }

        switch (status)
        {
            case RunStatus.Pass:
                _output.Done($"{Evolution.Tag} proves {string.Join(", ", Evolution.ChangeIds)}: tagged {tag}");
                break;
            case RunStatus.Fail:
                _output.Line($"✗ {Evolution.Tag} failed: not tagged; fix it and start the next attempt with gryt evolution start {Evolution.Version} --change {string.Join(" --change ", Evolution.ChangeIds)}");
                break;
            default:
                _output.Line($"■ {Evolution.Tag} was interrupted: not tagged");
                break;
        }
    }

    private void Fire(RunStatus status, string? reason, Gryt.Pipeline? pipeline)
    {
        if (Evolution is null) return;
        if (pipeline is not null && status is RunStatus.Pass or RunStatus.Fail)
        {
            var hookEvent = status == RunStatus.Pass ? PipelineEvents.EvolutionPass : PipelineEvents.EvolutionFail;
            var payload = new Dictionary<string, object?>
            {
                [Hooks.EventPayload.Event] = hookEvent,
                [Hooks.EventPayload.Pipeline] = pipeline.Name,
                [Hooks.EventPayload.RunId] = RunId,
                [Hooks.EventPayload.Status] = status.ToWord(),
                [Hooks.EventPayload.Version] = Evolution.Version,
                [Hooks.EventPayload.Tag] = Evolution.Tag,
                ["changes"] = Evolution.ChangeIds,
                ["reason"] = reason,
            };
            foreach (var failure in Hooks.EventHooks.FireAsync(pipeline, hookEvent, payload).GetAwaiter().GetResult())
            {
                _output.Warn($"{failure.Event} hook {failure.Destination} failed: {failure.Message}");
            }
        }
    }

    /// <summary>The run could not start: the evolution is pending again, to be run later.</summary>
    public void Abandon()
    {
        if (_service is not null && Evolution is not null) _service.Release(Evolution);
    }
}
