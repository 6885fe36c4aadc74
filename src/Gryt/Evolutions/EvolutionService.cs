using System.Globalization;
using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Git;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Evolutions;

/// <summary>What <c>evolution start</c> did: the new evolution, the ones it interrupted, and an automatic sync.</summary>
public sealed record EvolutionStarted(Evolution Evolution, IReadOnlyList<string> Interrupted, SyncResult? Synced);

/// <summary>A generation's evolutions and the proof state of its changes.</summary>
public sealed record EvolutionListing(Generation Generation, IReadOnlyList<Evolution> Evolutions, IReadOnlyList<Change> Changes);

/// <summary>A policy blocked an evolution; every violation is listed.</summary>
public sealed class PolicyViolationException(IReadOnlyList<PolicyViolation> violations)
    : GrytException(
        "evolution not started: " + string.Join("; ", violations.Select(v => v.Message)),
        "add the missing steps to the pipeline, or prove the change with another one (--pipeline)")
{
    public IReadOnlyList<PolicyViolation> Violations { get; } = violations;
}

/// <summary>
/// Evolutions: attempts to prove changes. Each gets the next release-candidate number of its
/// generation (never reused, also across processes and past existing git tags), is bound to
/// one run, and on pass is tagged <c>vX.Y.Z-rc.N</c> at the commit that was tested.
/// </summary>
public sealed class EvolutionService(GrytProject project, GrytDatabase database, GrytContext context, GitClient git)
{
    private readonly EvolutionStore _evolutions = new(database);
    private readonly GenerationStore _generations = new(database);
    private readonly PolicyStore _policyChecks = new(database);

    /// <summary>
    /// Starts an evolution of <paramref name="changeIds"/>. <paramref name="stepsOf"/> gives the step
    /// names of a pipeline (null when it does not exist), for the policy check.
    /// </summary>
    public EvolutionStarted Start(string versionText, IReadOnlyList<string> changeIds, string? pipeline, Func<string, IReadOnlyList<string>?> stepsOf)
    {
        ArgumentNullException.ThrowIfNull(changeIds);
        ArgumentNullException.ThrowIfNull(stepsOf);
        var contracts = new ContractService(project, database, context);
        var synced = contracts.EnsureSynced(versionText);
        var details = contracts.Show(versionText);
        var generation = details.Generation;
        if (generation.Status != GenerationStatus.Draft)
        {
            throw new ConflictException(
                $"generation {generation.Version} is {generation.Status.ToWord()}; no new evolutions can prove it",
                generation.Status == GenerationStatus.Promoted ? $"for a fix, start a hotfix: gryt audit hotfix {generation.Version} -i ID" : null);
        }

        var wanted = changeIds.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0) throw new InvalidInputException("name at least one change with --change ID");
        var changes = new List<Change>();
        foreach (var id in wanted)
        {
            changes.Add(details.Changes.FirstOrDefault(c => c.ChangeId == id)
                ?? throw new NotFoundException(
                    $"change {SemanticVersion.Printable(id)} is not in {generation.Version}",
                    details.Changes.Count == 0 ? $"declare it in {project.Shown(details.FilePath)}" : "its changes: " + string.Join(", ", details.Changes.Select(c => c.ChangeId))));
        }

        var proving = changes.Select(c => (c.ChangeId, c.Type, pipeline ?? c.Pipeline ?? generation.PipelineTemplate)).ToList();
        var pipelines = proving.Select(p => p.Item3).Distinct().ToList();
        if (pipelines.Count > 1)
        {
            throw new InvalidInputException(
                $"the changes are proven by different pipelines ({string.Join(", ", proving.Select(p => $"{p.ChangeId}: {p.Item3 ?? "none"}"))})",
                "start one evolution per pipeline, or name the one that proves them all with --pipeline");
        }

        var policies = PolicyFile.Load(project);
        var violations = PolicyChecker.Check(policies, proving, stepsOf);
        if (violations.Count > 0)
        {
            // Refusals are part of the record: compliance reports count them.
            database.WriteTransaction(transaction =>
            {
                foreach (var violation in violations) _policyChecks.Record(transaction, generation.GenerationId, null, violation.ChangeId, violation.PolicyName, violation.PipelineName, false, violation.MissingSteps, context.Now);
                AuditLog.Append(database, transaction, context, "policy.violated", "generation", generation.GenerationId, "evolution_start",
                    new Dictionary<string, object?> { ["version"] = generation.Version, ["violations"] = violations.Select(v => v.Message).ToArray() });
            });
            throw new PolicyViolationException(violations);
        }

        var highestTagged = HighestTaggedRc(generation);
        return database.WriteTransaction(transaction =>
        {
            var interrupted = _evolutions.InterruptPending(transaction, context.Now);
            var rc = Math.Max(_evolutions.MaxRcNumber(transaction, generation.GenerationId), highestTagged) + 1;
            var evolution = new Evolution(Ids.New(context.Now), generation.GenerationId, generation.Version, rc, generation.RcTag(rc),
                RunStatus.Pending, wanted, pipelines[0], null, null, context.Now, null);
            _evolutions.Insert(transaction, evolution, context.Actor);
            foreach (var policy in policies)
            {
                foreach (var change in changes.Where(c => policy.AppliesToType(c.Type)))
                {
                    _policyChecks.Record(transaction, generation.GenerationId, evolution.EvolutionId, change.ChangeId, policy.Name, pipeline ?? change.Pipeline ?? generation.PipelineTemplate, true, [], context.Now);
                }
            }

            AuditLog.Append(database, transaction, context, "evolution.started", "evolution", evolution.EvolutionId, "start",
                new Dictionary<string, object?> { ["version"] = generation.Version, ["tag"] = evolution.Tag, ["changes"] = wanted, ["interrupted"] = interrupted });
            return new EvolutionStarted(evolution, interrupted, synced);
        });
    }

    /// <summary>The evolution a run binds to: the one started last and not finished.</summary>
    public Evolution? Active() => _evolutions.Active();

    public Evolution FindByTag(string tag) =>
        _evolutions.FindByTag(tag) ?? throw new NotFoundException($"no evolution is tagged {SemanticVersion.Printable(tag)}");

    public EvolutionListing List(string versionText)
    {
        var contracts = new ContractService(project, database, context);
        var details = contracts.Show(versionText);
        return new EvolutionListing(details.Generation, _evolutions.ForGeneration(details.Generation.GenerationId), details.Changes);
    }

    /// <summary>
    /// The evolution a run of <paramref name="pipelineName"/> proves: the one tagged <paramref name="tag"/>,
    /// else the active one (null when none is pending). A run of another pipeline than the one the
    /// evolution was started for is refused: it would prove the changes with checks the policies never saw.
    /// </summary>
    public Evolution? ForRun(string? tag, string pipelineName)
    {
        database.WriteTransaction(transaction => _evolutions.RecoverInterrupted(transaction, context.Now));
        Evolution? evolution;
        if (tag is not null)
        {
            evolution = FindByTag(tag);
            if (evolution.Status != RunStatus.Pending)
            {
                throw new ConflictException($"evolution {evolution.Tag} is already {evolution.Status.ToWord()}",
                    $"start a new one: gryt evolution start {evolution.Version} --change {string.Join(" --change ", evolution.ChangeIds)}");
            }
        }
        else
        {
            evolution = _evolutions.Active();
            if (evolution is { Status: not RunStatus.Pending }) evolution = null;
        }

        if (evolution?.PipelineName is { } expected && !SamePipeline(expected, pipelineName))
        {
            throw new ConflictException(
                $"evolution {evolution.Tag} is to be proven by pipeline {expected}, not {pipelineName}",
                $"run gryt run {Path.GetFileNameWithoutExtension(expected)}, or add --no-evolution for a run that proves nothing");
        }

        return evolution;
    }

    /// <summary>The evolution's run has started: it is <c>running</c> until <see cref="Complete"/>.</summary>
    public void BindRun(Evolution evolution)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        database.WriteTransaction(transaction =>
        {
            var current = _evolutions.Find(evolution.EvolutionId, transaction) ?? throw new NotFoundException($"evolution {evolution.Tag} no longer exists");
            if (current.Status != RunStatus.Pending)
            {
                throw new ConflictException($"evolution {current.Tag} is already {current.Status.ToWord()}", $"start a new one: gryt evolution start {current.Version} --change {string.Join(" --change ", current.ChangeIds)}");
            }

            _evolutions.MarkRunning(transaction, evolution.EvolutionId);
        });
    }

    /// <summary>
    /// Records how the evolution's run <paramref name="runId"/> ended. On pass the rc tag is created at
    /// the commit the run recorded (an existing tag is a conflict, never moved); returns the tag, if any.
    /// </summary>
    public string? Complete(Evolution evolution, RunStatus status, string runId)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        var (commitSha, dirty) = _evolutions.RunCommit(runId);
        database.WriteTransaction(transaction =>
        {
            _evolutions.Complete(transaction, evolution.EvolutionId, status, runId, commitSha, context.Now);
            AuditLog.Append(database, transaction, context, "evolution." + status.ToWord(), "evolution", evolution.EvolutionId, "complete",
                new Dictionary<string, object?> { ["version"] = evolution.Version, ["tag"] = evolution.Tag, ["run_id"] = runId, ["commit"] = commitSha, ["dirty"] = dirty });
        });

        if (status != RunStatus.Pass) return null;
        if (commitSha is null)
        {
            throw new GrytEnvironmentException($"evolution {evolution.Tag} passed but was not tagged: the run has no commit", "run gryt inside a git repository with at least one commit");
        }

        var changes = _generations.Changes(evolution.GenerationId).Where(c => evolution.ChangeIds.Contains(c.ChangeId)).ToList();
        var message = $"Release candidate {evolution.Tag}\n\nProves:\n" +
            string.Concat(changes.Select(c => $"- [{c.Type.ToWord()}] {c.ChangeId}: {c.Title}\n")) +
            $"\nPipeline: {evolution.PipelineName ?? "-"}\nRun: {runId}\n" +
            (dirty ? "Note: the working tree had uncommitted changes when this was tested.\n" : "");
        git.CreateAnnotatedTag(evolution.Tag, commitSha, message);
        return evolution.Tag;
    }

    /// <summary>The evolution's run never started: it is pending again.</summary>
    public void Release(Evolution evolution)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        database.WriteTransaction(transaction => _evolutions.Release(transaction, evolution.EvolutionId));
    }

    private static bool SamePipeline(string a, string b) =>
        string.Equals(Path.GetFileNameWithoutExtension(a), Path.GetFileNameWithoutExtension(b), StringComparison.Ordinal)
        || string.Equals(a, b, StringComparison.Ordinal);

    private int HighestTaggedRc(Generation generation)
    {
        var prefix = generation.RcTag(0)[..^1];
        var highest = 0;
        foreach (var tag in git.ListTags(prefix + "*"))
        {
            if (int.TryParse(tag.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n)) highest = Math.Max(highest, n);
        }

        return highest;
    }
}
