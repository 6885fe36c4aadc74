using Gryt.Pipelines.Loading;
using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Git;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Storage;
using Gryt.Sync;

namespace Gryt.Evolutions;

/// <summary>What <c>evolution start</c> did: the new evolution, the ones it interrupted, and an automatic sync.</summary>
internal sealed record EvolutionStarted(Evolution Evolution, IReadOnlyList<string> Interrupted, SyncResult? Synced)
{
    /// <summary>What the user should know, e.g. rc tags on a remote that this clone has not fetched.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>
/// How an evolution ended: its status, the rc tag made on pass, and <see cref="Reason"/> when it
/// failed for a cause outside its steps (the run passed on a dirty tree, so it proves nothing).
/// </summary>
internal sealed record EvolutionCompleted(RunStatus Status, string? Tag, string? Reason, bool Dirty);

/// <summary>A generation's evolutions and the proof state of its changes.</summary>
internal sealed record EvolutionListing(Generation Generation, IReadOnlyList<Evolution> Evolutions, IReadOnlyList<Change> Changes);

/// <summary>A policy blocked an evolution; every violation is listed.</summary>
internal sealed class PolicyViolationException(IReadOnlyList<PolicyViolation> violations, string? hint = null)
    : GrytException(
        "evolution not started: " + string.Join("; ", violations.Select(v => v.Message)),
        hint ?? (violations.Any(v => v.PipelineName is null)
            ? "name the pipeline that proves the change: --pipeline NAME, 'pipeline:' on the change, or 'pipeline_template:' on the generation"
            : "add the missing steps to the pipeline, or prove the change with another one (--pipeline)"))
{
    public IReadOnlyList<PolicyViolation> Violations { get; } = violations;
}

/// <summary>
/// Evolutions: attempts to prove changes. Each gets the next release-candidate number of its
/// generation (never reused, also across processes and past existing git tags), is bound to
/// one run, and on pass is tagged <c>vX.Y.Z-rc.N</c> at the commit that was tested. Numbers
/// come from <see cref="ReleaseCandidateNumbers"/>.
/// </summary>
internal sealed class EvolutionService(GrytProject project, GrytDatabase database, GrytContext context, GitClient git)
{
    private readonly EvolutionStore _evolutions = new(database);
    private readonly GenerationStore _generations = new(database);
    private readonly PolicyStore _policyChecks = new(database);

    /// <summary>The sync server's part (rc numbers in hybrid and cloud mode); null: numbers are local.</summary>
    public SyncHooks? Sync { get; init; }

    /// <summary>
    /// Starts an evolution of <paramref name="changeIds"/>. <paramref name="stepsOf"/> gives the step
    /// names of a pipeline (null when it does not exist), for the policy check; describing a C# pipeline runs dotnet.
    /// </summary>
    public async Task<EvolutionStarted> StartAsync(string versionText, IReadOnlyList<string> changeIds, string? pipeline,
        Func<string, CancellationToken, Task<IReadOnlyList<string>?>> stepsOf, CancellationToken cancellationToken = default)
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

        // The pipeline is looked up before anything is recorded, so that a stepsOf that refuses a
        // missing (NotFoundException) or invalid pipeline uses no RC number and leaves the pending
        // evolution active. A stepsOf that answers null leaves a missing pipeline to the policies.
        var pipelineName = pipelines[0];
        IReadOnlyList<string>? steps = null;
        var createHint = pipelineName is null ? null : $"{PipelineFileToCreate(project, pipelineName)}, or name an existing pipeline with --pipeline (see gryt pipeline list)";
        if (pipelineName is not null)
        {
            try
            {
                steps = await stepsOf(pipelineName, cancellationToken).ConfigureAwait(false);
            }
            catch (NotFoundException)
            {
                throw new NotFoundException(
                    $"evolution not started: pipeline '{pipelineName}' ({PipelineSource(pipeline, changes, generation)}) does not exist", createHint);
            }
        }

        var policies = PolicyFile.Load(project);
        var violations = PolicyChecker.Check(policies, proving, _ => steps);
        if (violations.Count > 0)
        {
            // Refusals are part of the record: compliance reports count them.
            database.WriteTransaction(transaction =>
            {
                foreach (var violation in violations) _policyChecks.Record(transaction, generation.GenerationId, null, violation.ChangeId, violation.PolicyName, violation.PipelineName, false, violation.MissingSteps, context.Now);
                AuditLog.Append(database, transaction, context, "policy.violated", "generation", generation.GenerationId, "evolution_start",
                    new Dictionary<string, object?> { ["version"] = generation.Version, ["violations"] = violations.Select(v => v.Message).ToArray() });
            });
            throw new PolicyViolationException(violations, pipelineName is not null && steps is null ? createHint : null);
        }

        var (highestTagged, tagWarnings) = new ReleaseCandidateNumbers(git).HighestTagged(ReleaseCandidateNumbers.TagPrefix(generation));
        var warnings = tagWarnings.ToList();
        var evolutionId = Ids.New(context.Now);
        int? serverNumber = null;
        if (Sync is { } sync)
        {
            (serverNumber, var warning) = await sync.ReleaseCandidateAsync(generation.Version, evolutionId, cancellationToken).ConfigureAwait(false);
            if (warning is not null) warnings.Add(warning);
        }

        var started = database.WriteTransaction(transaction =>
        {
            var interrupted = _evolutions.InterruptPending(transaction, context.Now);
            var rcNumber = ReleaseCandidateNumbers.Next(_evolutions.HighestRcNumber(transaction, generation.GenerationId), highestTagged, serverNumber);
            var evolution = new Evolution(evolutionId, generation.GenerationId, generation.Version, rcNumber, generation.RcTag(rcNumber),
                RunStatus.Pending, wanted, pipelines[0], null, null, context.Now, null);
            _evolutions.Insert(transaction, RowOf(evolution), context.Actor);
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
        // Cloud mode: the new evolution is on the server at once, so that a CI runner binds to it.
        if (Sync is { Mode: Project.SyncMode.Cloud } cloud) await cloud.PushGenerationAsync(generation.Version, cancellationToken).ConfigureAwait(false);
        return started with { Warnings = warnings };
    }

    /// <summary>What to do about pipeline <paramref name="pipeline"/> that has no file: "create .gryt/pipelines/NAME.yaml (or .cs)".</summary>
    public static string PipelineFileToCreate(GrytProject project, string pipeline)
    {
        ArgumentNullException.ThrowIfNull(project);
        var folder = project.Shown(project.PipelinesFolder);
        return Path.GetExtension(pipeline) is ".yaml" or ".yml" or ".cs" ? $"create {folder}/{pipeline}" : $"create {folder}/{pipeline}.yaml (or .cs)";
    }

    /// <summary>
    /// The changes of a draft generation whose pipeline (the change's, else the generation's template) has
    /// no file, by pipeline: <see cref="StartAsync"/> would refuse them. Only existence is checked.
    /// </summary>
    public static IReadOnlyList<IGrouping<string, Change>> ChangesWithoutPipelineFile(GrytProject project, Generation generation, IReadOnlyList<Change> changes)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(changes);
        if (generation.Status != GenerationStatus.Draft) return [];
        return changes
            .Where(c => (c.Pipeline ?? generation.PipelineTemplate) is not null)
            .GroupBy(c => (c.Pipeline ?? generation.PipelineTemplate)!, StringComparer.Ordinal)
            .Where(group => !PipelineFileExists(project, group.Key))
            .ToList();
    }

    private static bool PipelineFileExists(GrytProject project, string pipeline)
    {
        try
        {
            PipelineCatalog.Find(project, pipeline, project.Root);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
        catch (InvalidInputException)
        {
            return true; // ambiguous or not a pipeline file: it exists, and Start says what is wrong
        }
    }

    private static string PipelineSource(string? option, List<Change> changes, Generation generation) =>
        option is not null ? "named by --pipeline"
        : changes.FirstOrDefault(c => c.Pipeline is not null) is { } change ? $"the 'pipeline' of change {change.ChangeId}"
        : $"the 'pipeline_template' of {generation.Version}";

    /// <summary>The evolution a run binds to: the one started last and not finished.</summary>
    public Evolution? Active() => Of(_evolutions.Active());

    public Evolution FindByTag(string tag) =>
        Of(_evolutions.FindByTag(tag)) ?? throw new NotFoundException($"no evolution is tagged {SemanticVersion.Printable(tag)}");

    public EvolutionListing List(string versionText)
    {
        var contracts = new ContractService(project, database, context);
        var details = contracts.Show(versionText);
        return new EvolutionListing(details.Generation, [.. _evolutions.ForGeneration(details.Generation.GenerationId).Select(row => Of(row))], details.Changes);
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
            evolution = Of(_evolutions.Active());
            if (evolution is { Status: not RunStatus.Pending }) evolution = null;
        }

        if (evolution?.PipelineName is { } expected && !SamePipeline(expected, pipelineName))
        {
            throw new ConflictException(
                $"evolution {evolution.Tag} is to be proven by pipeline {expected}, not {pipelineName}",
                $"run gryt run {Path.GetFileNameWithoutExtension(expected)}, or add --no-evolution for a run that proves nothing");
        }

        if (evolution is not null) RequireCommit(evolution);
        return evolution;
    }

    /// <summary>
    /// A proof names the commit it tested and is tagged there: without git, outside a repository or
    /// before the first commit there is no such commit, so the run is refused before it starts.
    /// </summary>
    private void RequireCommit(Evolution evolution)
    {
        if (git.HeadCommit() is not null) return;
        const string unbound = "or add --no-evolution for a run that proves nothing";
        if (!git.IsInstalled())
        {
            throw new GrytEnvironmentException($"git is not installed or not on PATH: evolution {evolution.Tag} could not name the commit it tests", "install git, " + unbound);
        }

        if (git.TopLevel() is null)
        {
            throw new GrytEnvironmentException($"{project.Root} is not in a git repository: evolution {evolution.Tag} could not name the commit it tests", "git init and commit your work, " + unbound);
        }

        throw new GrytEnvironmentException($"the repository has no commit yet: evolution {evolution.Tag} could not name the commit it tests", "commit your work (git commit), " + unbound);
    }

    /// <summary>
    /// The evolution's run has started: it is <c>running</c> until <see cref="Complete"/>. An evolution
    /// started without a pipeline records <paramref name="pipelineName"/>, the one that runs it.
    /// </summary>
    public void BindRun(Evolution evolution, string? pipelineName = null)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        database.WriteTransaction(transaction =>
        {
            var current = Of(_evolutions.Find(evolution.EvolutionId, transaction)) ?? throw new NotFoundException($"evolution {evolution.Tag} no longer exists");
            if (current.Status != RunStatus.Pending)
            {
                throw new ConflictException($"evolution {current.Tag} is already {current.Status.ToWord()}", $"start a new one: gryt evolution start {current.Version} --change {string.Join(" --change ", current.ChangeIds)}");
            }

            _evolutions.MarkRunning(transaction, evolution.EvolutionId, pipelineName);
        });
    }

    /// <summary>
    /// Records how the evolution's run <paramref name="runId"/> ended. A passing run proves its changes
    /// only when it names a commit and, unless <paramref name="allowDirty"/>, its tree was clean; then
    /// the rc tag is created at that commit in the same transaction as the <c>pass</c> (an existing
    /// tag is never moved). Otherwise the evolution is recorded <c>fail</c> with its reason.
    /// Throws, after recording the failure, when the run named no commit (environment) or the rc tag
    /// already exists (conflict: gryt does not own it).
    /// </summary>
    public EvolutionCompleted Complete(Evolution evolution, RunStatus status, string runId, bool allowDirty = false)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        var (commitSha, dirty, ranPipeline) = _evolutions.RunCommit(runId);
        if (status != RunStatus.Pass)
        {
            Record(evolution, status, runId, commitSha, dirty, null);
            return new EvolutionCompleted(status, null, null, dirty);
        }

        if (commitSha is null)
        {
            Record(evolution, RunStatus.Fail, runId, null, dirty, NoCommitReason);
            throw new GrytEnvironmentException($"evolution {evolution.Tag} proves nothing: the run has no commit", "run gryt inside a git repository with at least one commit");
        }

        if (dirty && !allowDirty)
        {
            Record(evolution, RunStatus.Fail, runId, commitSha, dirty, DirtyReason);
            return new EvolutionCompleted(RunStatus.Fail, null, DirtyReason, dirty);
        }

        var changes = _generations.Changes(evolution.GenerationId).Select(c => c.ToChange()).Where(c => evolution.ChangeIds.Contains(c.ChangeId)).ToList();
        var pipelineName = _evolutions.Find(evolution.EvolutionId)?.PipelineName ?? evolution.PipelineName ?? ranPipeline;
        var message = $"Release candidate {evolution.Tag}\n\nProves:\n" +
            string.Concat(changes.Select(c => $"- [{c.Type.ToWord()}] {c.ChangeId}: {c.Title}\n")) +
            $"\nPipeline: {pipelineName ?? "-"}\nRun: {runId}\nCommit: {commitSha}\n" +
            (dirty ? "Dirty: the working tree had uncommitted changes to tracked files when this was tested; the proof was allowed (--allow-dirty or evolution.require_clean: false), so this tag does not name exactly what was tested.\n" : "") +
            "\n" + new TagRecord(TagRecord.EvolutionKind, evolution.Version, evolution.GenerationId)
            {
                Rc = evolution.RcNumber, Changes = changes.Select(c => c.ChangeId).ToList(), Pipeline = pipelineName, Run = runId,
                Commit = commitSha, Dirty = dirty, At = context.Now, By = context.Actor,
            }.Line();
        try
        {
            // The pass and the tag happen together: a tag that cannot be made leaves no passing proof.
            Record(evolution, RunStatus.Pass, runId, commitSha, dirty, null, () => git.CreateAnnotatedTag(evolution.Tag, commitSha, message));
        }
        catch (ConflictException) when (git.TagExists(evolution.Tag))
        {
            var reason = $"rc tag {evolution.Tag} was created outside gryt during the run";
            Record(evolution, RunStatus.Fail, runId, commitSha, dirty, reason);
            throw new ConflictException(
                $"evolution {evolution.Tag} is recorded as failed: git tag {evolution.Tag} was created by someone else after the evolution started, and gryt never moves a tag",
                $"start a new evolution for the next release candidate: gryt evolution start {evolution.Version} --change {string.Join(" --change ", evolution.ChangeIds)}");
        }
        catch (GrytException ex)
        {
            // e.g. git has no identity: the evolution ends here rather than staying "running".
            Record(evolution, RunStatus.Fail, runId, commitSha, dirty, $"the rc tag could not be created: {ex.Message}");
            throw;
        }

        KeepRcTagsFromPush(evolution);
        return new EvolutionCompleted(RunStatus.Pass, evolution.Tag, null, dirty);
    }

    /// <summary>With config.yaml's <c>push_rc_tags: false</c>, the generation's rc tags stay out of each remote's default push (best effort: the tag stands).</summary>
    private void KeepRcTagsFromPush(Evolution evolution)
    {
        if (ProjectConfig.Load(project).PushRcTags || _generations.Find(evolution.Version)?.ToGeneration() is not { } generation) return;
        var rcPrefix = generation.Tags.RcPrefix(SemanticVersion.Parse(generation.Version));
        foreach (var remote in git.Remotes()) git.ExcludeFromPush(remote, "refs/tags/" + rcPrefix + "*");
    }

    /// <summary>The reason stored for a passing run on a tree with uncommitted changes, which proves nothing.</summary>
    public const string DirtyReason = "dirty working tree: the run passed on uncommitted changes to tracked files, so it proves nothing";

    private const string NoCommitReason = "no commit: the run could not name the commit it tested";

    private void Record(Evolution evolution, RunStatus status, string runId, string? commitSha, bool dirty, string? reason, Action? alongside = null) =>
        database.WriteTransaction(transaction =>
        {
            _evolutions.Complete(transaction, evolution.EvolutionId, status, runId, commitSha, context.Now, reason);
            AuditLog.Append(database, transaction, context, "evolution." + status.ToWord(), "evolution", evolution.EvolutionId, "complete",
                new Dictionary<string, object?> { ["version"] = evolution.Version, ["tag"] = evolution.Tag, ["run_id"] = runId, ["commit"] = commitSha, ["dirty"] = dirty, ["reason"] = reason });
            alongside?.Invoke();
        });

    /// <summary>The evolution's run never started: it is pending again.</summary>
    public void Release(Evolution evolution)
    {
        ArgumentNullException.ThrowIfNull(evolution);
        database.WriteTransaction(transaction => _evolutions.Release(transaction, evolution.EvolutionId));
    }

    private static bool SamePipeline(string a, string b) =>
        string.Equals(Path.GetFileNameWithoutExtension(a), Path.GetFileNameWithoutExtension(b), StringComparison.Ordinal)
        || string.Equals(a, b, StringComparison.Ordinal);

    private static StoredEvolution RowOf(Evolution e) => new(
        e.EvolutionId, e.GenerationId, e.Version, e.RcNumber, e.Tag, e.Status, e.ChangeIds, e.PipelineName, e.RunId, e.CommitSha, e.StartedAt, e.CompletedAt, e.Reason);

    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(row))]
    private static Evolution? Of(StoredEvolution? row) => row is null ? null : new(
        row.EvolutionId, row.GenerationId, row.Version, row.RcNumber, row.Tag, row.Status, row.ChangeIds, row.PipelineName, row.RunId, row.CommitSha, row.StartedAt, row.CompletedAt)
    {
        Reason = row.Reason,
    };
}
