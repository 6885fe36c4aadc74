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

    private EvolutionBinding(EvolutionService? service, Gryt.Evolutions.Evolution? evolution, string runId, Output output)
    {
        _service = service;
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

        if (ProjectConfig.Load(session.Project).RequireClean && git.IsDirty())
        {
            throw new ConflictException(
                $"the working tree has uncommitted changes to tracked files, and evolution.require_clean is set: {evolution.Tag} would not name what was tested",
                "commit or stash the changes, then run again");
        }

        service.BindRun(evolution);
        output.Note($"proving {string.Join(", ", evolution.ChangeIds)} as {evolution.Tag}");
        return new EvolutionBinding(service, evolution, runId, output);
    }

    /// <summary>Records the evolution's outcome; on pass the rc tag is created at the tested commit,
    /// then the pipeline's <c>evolution_pass</c>/<c>evolution_fail</c> hooks fire.</summary>
    public void Complete(RunStatus status, Gryt.Pipeline? pipeline = null)
    {
        if (_service is null || Evolution is null) return;
        var tag = _service.Complete(Evolution, status, RunId);
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
            };
            foreach (var failure in Hooks.EventHooks.FireAsync(pipeline, hookEvent, payload).GetAwaiter().GetResult())
            {
                _output.Warn($"{failure.Event} hook {failure.Destination} failed: {failure.Message}");
            }
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

    /// <summary>The run could not start: the evolution is pending again, to be run later.</summary>
    public void Abandon()
    {
        if (_service is not null && Evolution is not null) _service.Release(Evolution);
    }
}
