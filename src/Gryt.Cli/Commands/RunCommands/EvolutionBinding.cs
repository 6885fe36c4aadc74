using Gryt.Cli.Rendering;
using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Sync;

namespace Gryt.Cli.Commands.RunCommands;

/// <summary>
/// What <c>gryt run</c> says around the library's <see cref="RunBinding"/>: which evolution the run
/// proves (or that it proves nothing), a dirty tree up front, and how the evolution ended; with a sync
/// server, the run's progress pushed while it goes on (<see cref="LiveRunPush"/>) and its end.
/// </summary>
internal sealed class EvolutionBinding
{
    private readonly RunBinding _binding;
    private readonly Output _output;
    private readonly SyncHooks _sync;
    private LiveRunPush? _live;

    private EvolutionBinding(RunBinding binding, Output output, SyncHooks sync)
    {
        _binding = binding;
        _output = output;
        _sync = sync;
    }

    public Evolution? Evolution => _binding.Evolution;

    /// <summary>The id the run is recorded under, known up front so the evolution can name it.</summary>
    public string RunId => _binding.RunId;

    public static EvolutionBinding Begin(RunOptions options, string pipelineName, ProjectSession session, Output output, Func<string, string?> variable)
    {
        var sync = new SyncHooks(session.Project, session.Database, session.Context, variable);
        var binding = RunBinding.Begin(session.Project, session.Database, session.Context, new GitClient(session.Project.Root),
            pipelineName, options.Evolution, options.NoEvolution, options.AllowDirty, sync);
        if (binding.Evolution is not { } evolution)
        {
            if (!options.NoEvolution) output.Note("no evolution is active: this run proves nothing (start one with: gryt evolution start VERSION --change ID)");
            return new EvolutionBinding(binding, output, sync);
        }

        if (binding.DirtyAtStart)
        {
            output.Warn(binding.AllowDirty
                ? $"the working tree has uncommitted changes to tracked files: {evolution.Tag} may prove them (dirty proofs are allowed), and its tag and release notes will say so"
                : $"the working tree has uncommitted changes to tracked files: this run will prove nothing and {evolution.Tag} will get no tag; commit them first, or allow it with --allow-dirty");
        }

        output.Note($"proving {string.Join(", ", evolution.ChangeIds)} as {evolution.Tag}");
        return new EvolutionBinding(binding, output, sync);
    }

    /// <summary>With a sync server (hybrid or cloud): pushes the run's progress while it goes on, until <see cref="CompleteAsync"/>.</summary>
    public void StartLive() => _live ??= _sync.StartLive(RunId);

    /// <summary>Completes the evolution (see <see cref="RunBinding.CompleteAsync"/>) and says how it ended;
    /// a passing run that proves nothing throws its refusal (exit 4 or 5) after its hooks fired.
    /// Live progress stops first; the run's final state follows (cloud mode pushes a bound run's with its evolution, as before).</summary>
    public async Task CompleteAsync(RunStatus status, Pipeline? pipeline = null, CancellationToken cancellationToken = default)
    {
        if (_live is null)
        {
            await CompleteBindingAsync(status, pipeline, cancellationToken);
            return;
        }

        await using var live = _live;
        _live = null;
        await live.StopAsync();
        try
        {
            await CompleteBindingAsync(status, pipeline, cancellationToken);
        }
        finally
        {
            var bound = _binding.Evolution is not null;
            if (await live.FinishAsync(pushFinal: !(bound && _sync.Mode == Project.SyncMode.Cloud), cancellationToken) is { } note) _output.Warn(note);
        }
    }

    private async Task CompleteBindingAsync(RunStatus status, Pipeline? pipeline, CancellationToken cancellationToken)
    {
        if (await _binding.CompleteAsync(status, pipeline, cancellationToken) is not { } outcome || Evolution is not { } evolution) return;
        foreach (var failure in outcome.HookFailures) _output.Warn($"{failure.Event} hook {failure.Destination} failed: {failure.Message}");
        if (outcome.Refusal is not null) throw outcome.Refusal;
        if (outcome.Status == RunStatus.Pass && outcome.Dirty)
        {
            _output.Warn($"{evolution.Tag} was proven on a working tree with uncommitted changes (allowed): its tag message says so");
        }

        switch (outcome.Status)
        {
            case RunStatus.Pass:
                _output.Done($"{evolution.Tag} proves {string.Join(", ", evolution.ChangeIds)}: tagged {outcome.Tag}");
                break;
            case RunStatus.Fail:
                _output.Line($"✗ {evolution.Tag} failed: not tagged; fix it and start the next attempt with gryt evolution start {evolution.Version} --change {string.Join(" --change ", evolution.ChangeIds)}");
                break;
            default:
                _output.Line($"■ {evolution.Tag} was interrupted: not tagged");
                break;
        }
    }

    /// <summary>The run could not start: the evolution is pending again, to be run later; live progress stops.</summary>
    public void Abandon()
    {
        _live?.Cancel();
        _binding.Abandon();
    }
}
