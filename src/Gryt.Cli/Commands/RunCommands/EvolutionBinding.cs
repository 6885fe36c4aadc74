using Gryt.Cli.Rendering;
using Gryt.Evolutions;
using Gryt.Git;

namespace Gryt.Cli.Commands.RunCommands;

/// <summary>
/// What <c>gryt run</c> says around the library's <see cref="RunBinding"/>: which evolution the run
/// proves (or that it proves nothing), a dirty tree up front, and how the evolution ended.
/// </summary>
internal sealed class EvolutionBinding
{
    private readonly RunBinding _binding;
    private readonly Output _output;

    private EvolutionBinding(RunBinding binding, Output output)
    {
        _binding = binding;
        _output = output;
    }

    public Evolution? Evolution => _binding.Evolution;

    /// <summary>The id the run is recorded under, known up front so the evolution can name it.</summary>
    public string RunId => _binding.RunId;

    public static EvolutionBinding Begin(RunOptions options, string pipelineName, ProjectSession session, Output output, Func<string, string?> variable)
    {
        var binding = RunBinding.Begin(session.Project, session.Database, session.Context, new GitClient(session.Project.Root),
            pipelineName, options.Evolution, options.NoEvolution, options.AllowDirty, new Sync.SyncHooks(session.Project, session.Database, session.Context, variable));
        if (binding.Evolution is not { } evolution)
        {
            if (!options.NoEvolution) output.Note("no evolution is active: this run proves nothing (start one with: gryt evolution start VERSION --change ID)");
            return new EvolutionBinding(binding, output);
        }

        if (binding.DirtyAtStart)
        {
            output.Warn(binding.AllowDirty
                ? $"the working tree has uncommitted changes to tracked files: {evolution.Tag} may prove them (dirty proofs are allowed), and its tag and release notes will say so"
                : $"the working tree has uncommitted changes to tracked files: this run will prove nothing and {evolution.Tag} will get no tag; commit them first, or allow it with --allow-dirty");
        }

        output.Note($"proving {string.Join(", ", evolution.ChangeIds)} as {evolution.Tag}");
        return new EvolutionBinding(binding, output);
    }

    /// <summary>Completes the evolution (see <see cref="RunBinding.CompleteAsync"/>) and says how it ended;
    /// a passing run that proves nothing throws its refusal (exit 4 or 5) after its hooks fired.</summary>
    public async Task CompleteAsync(RunStatus status, Pipeline? pipeline = null, CancellationToken cancellationToken = default)
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

    /// <summary>The run could not start: the evolution is pending again, to be run later.</summary>
    public void Abandon() => _binding.Abandon();
}
