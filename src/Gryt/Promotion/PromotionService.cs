using System.Text;
using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Git;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Provenance;
using Gryt.Snapshots;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>One gate's verdict in a promotion.</summary>
public sealed record GateOutcome(string Gate, GateResult Result);

/// <summary>What a promotion (or its dry run) found and did.</summary>
public sealed record PromotionResult(
    Generation Generation,
    IReadOnlyList<GateOutcome> Gates,
    bool Promoted,
    bool DryRun,
    string? Tag,
    string? Commit,
    string? ReleaseNotesPath,
    SyncResult? Synced)
{
    public bool GatesPassed => Gates.All(g => g.Result.Passed);

    /// <summary>The snapshot taken just before the promotion was written, if any.</summary>
    public string? SnapshotId { get; init; }

    /// <summary>The in-toto provenance statement written for the release tag.</summary>
    public string? ProvenancePath { get; init; }
}

/// <summary>
/// Promotion: runs every gate (no short-circuit); only if all pass, tags the release at the
/// commit of the newest passing evolution (or <c>--at</c>), writes release notes and marks the
/// generation promoted. When a gate fails nothing changes.
/// </summary>
public sealed class PromotionService(GrytProject project, GrytDatabase database, GrytContext context, GitClient git)
{
    private readonly PromotionStore _store = new(database);

    /// <summary>The default gates of SPEC §1 plus the metric gates of config.yaml.</summary>
    public static IReadOnlyList<PromotionGate> DefaultGates(ProjectConfig config, IReadOnlyList<Policy> policies)
    {
        ArgumentNullException.ThrowIfNull(config);
        var gates = new List<PromotionGate>
        {
            new AllChangesProvenGate(),
            new NoFailedEvolutionsGate(),
            new MinEvolutionsGate(config.MinEvolutions),
            new PolicyGate(policies),
        };
        gates.AddRange(config.MetricGates.Select(g => new MetricGate(g.Metric, g.Min, g.Max)));
        return gates;
    }

    /// <summary>Runs the gates against the generation; each failure or exception becomes a failed outcome.</summary>
    public static List<GateOutcome> RunGates(Generation generation, IData data, IEnumerable<PromotionGate> gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var outcomes = new List<GateOutcome>();
        foreach (var gate in gates)
        {
            GateResult result;
            try
            {
                result = gate.Check(generation, data) ?? new GateResult(false, "the gate returned no result");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                result = new GateResult(false, $"the gate threw {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
            }

            outcomes.Add(new GateOutcome(gate.Name, result));
        }

        return outcomes;
    }

    /// <summary>
    /// Promotes the generation if every gate passes. With <paramref name="snapshotBefore"/> (config
    /// <c>snapshots.before_promotion</c>) the database is snapshotted just before anything is written;
    /// without <paramref name="createTag"/> no git tag is made (library callers only).
    /// </summary>
    public PromotionResult Promote(string versionText, IData data, IReadOnlyList<PromotionGate> gates, bool dryRun, string? atReference, bool snapshotBefore = false, bool createTag = true)
    {
        var contracts = new ContractService(project, database, context);
        var synced = contracts.EnsureSynced(versionText);
        var generation = contracts.Show(versionText).Generation;
        if (generation.Status != GenerationStatus.Draft)
        {
            throw new ConflictException($"generation {generation.Version} is already {generation.Status.ToWord()}" +
                (generation.PromotedAt is { } at ? $" (on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {generation.PromotedBy})" : ""));
        }

        var outcomes = RunGates(generation, data, gates);
        var tag = generation.ReleaseTag;
        if (!outcomes.All(o => o.Result.Passed) || dryRun)
        {
            return new PromotionResult(generation, outcomes, false, dryRun, tag, null, null, synced);
        }

        var (commit, fromTag) = atReference is null ? _store.NewestPassingCommit(generation.GenerationId) : (git.ResolveCommit(atReference), null);
        if (commit is null)
        {
            throw atReference is null
                ? new CheckFailedException($"no passing evolution of {generation.Version} recorded a commit to tag", "promote at a commit explicitly with --at HEAD")
                : new NotFoundException($"'{SemanticVersion.Printable(atReference)}' does not name a commit");
        }

        if (createTag && git.TagExists(tag)) throw new ConflictException($"git tag {tag} already exists", "gryt never moves a tag");

        var notes = ReleaseNotes(generation, contracts.Show(versionText).Changes, commit, fromTag);
        var notesPath = Path.Combine(project.GrytFolder, "releases", generation.Version + ".md");
        var snapshotId = snapshotBefore
            ? new SnapshotService(project, database, context).Take(SnapshotReasons.BeforePromotion, "before promoting " + generation.Version).SnapshotId
            : null;
        database.WriteTransaction(transaction =>
        {
            if (!_store.MarkPromoted(transaction, generation.GenerationId, context.Now, context.Actor, commit))
            {
                throw new ConflictException($"generation {generation.Version} was promoted by another process meanwhile");
            }

            AuditLog.Append(database, transaction, context, "generation.promoted", "generation", generation.GenerationId, "promote",
                new Dictionary<string, object?>
                {
                    ["version"] = generation.Version, ["tag"] = tag, ["commit"] = commit,
                    ["gates"] = outcomes.Select(o => new Dictionary<string, object?> { ["gate"] = o.Gate, ["passed"] = o.Result.Passed, ["message"] = o.Result.Message }).ToArray(),
                });

            // The tag is made inside the transaction: if it fails the promotion is rolled back.
            if (createTag) git.CreateAnnotatedTag(tag, commit, notes);
        });

        Directory.CreateDirectory(Path.GetDirectoryName(notesPath)!);
        File.WriteAllText(notesPath, notes);
        var promoted = contracts.Show(versionText).Generation;
        var provenance = ProvenanceWriter.Write(project, database, promoted, tag, commit, outcomes, promoted.PromotedAt ?? context.Now, context.Actor);
        return new PromotionResult(promoted, outcomes, true, false, createTag ? tag : null, commit, notesPath, synced) { SnapshotId = snapshotId, ProvenancePath = provenance };
    }

    private string ReleaseNotes(Generation generation, IReadOnlyList<Change> changes, string commit, string? fromTag)
    {
        var proofs = _store.Proofs(generation.GenerationId);
        var text = new StringBuilder();
        text.Append("Release ").Append(generation.ReleaseTag).Append('\n');
        if (generation.Description is { Length: > 0 } description) text.Append('\n').Append(description).Append('\n');
        foreach (var (type, heading) in new[] { (ChangeType.Add, "Added"), (ChangeType.Fix, "Fixed"), (ChangeType.Refine, "Refined"), (ChangeType.Remove, "Removed") })
        {
            var group = changes.Where(c => c.Type == type).ToList();
            if (group.Count == 0) continue;
            text.Append('\n').Append(heading).Append(":\n");
            foreach (var change in group)
            {
                var proof = proofs.Where(p => p.ChangeId == change.ChangeId).Select(p => p.Commit is null ? p.Tag : $"{p.Tag} @ {p.Commit[..Math.Min(12, p.Commit.Length)]}");
                text.Append("- ").Append(change.ChangeId).Append(": ").Append(change.Title);
                var proven = string.Join(", ", proof);
                if (proven.Length > 0) text.Append(" (proven by ").Append(proven).Append(')');
                text.Append('\n');
            }
        }

        text.Append("\nCommit: ").Append(commit).Append(fromTag is null ? "" : $" (tested as {fromTag})").Append('\n');
        return text.ToString();
    }
}
