using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Evidence;
using Gryt.Git;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Snapshots;
using Gryt.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Promotion;

/// <summary>One gate's verdict in a promotion.</summary>
public sealed record GateOutcome(string Gate, GateResult Result);

/// <summary>What a promotion (or its dry run) found and did.</summary>
public sealed record PromotionResult(Generation Generation, IReadOnlyList<GateOutcome> Gates)
{
    public bool GatesPassed => Gates.All(g => g.Result.Passed);

    /// <summary>False when a gate failed or it was a dry run.</summary>
    public bool Promoted { get; init; }

    public bool DryRun { get; init; }

    /// <summary>The release tag (on a dry run or failed gates: the tag it would be); null when promoted without tagging.</summary>
    public string? Tag { get; init; }

    public string? Commit { get; init; }

    public string? ReleaseNotesPath { get; init; }

    /// <summary>What syncing the generation file into the database changed first (the CLI reports it).</summary>
    internal SyncResult? Synced { get; init; }

    /// <summary>The snapshot taken just before the promotion was written, if any.</summary>
    public string? SnapshotId { get; init; }

    /// <summary>The in-toto provenance statement written for the release tag.</summary>
    public string? ProvenancePath { get; init; }

    /// <summary>The CycloneDX SBOM written for the release (<c>.gryt/releases/VERSION.cdx.json</c>), its SHA-256 and notes.</summary>
    internal SbomFile? Sbom { get; init; }

    /// <summary>True when an earlier, interrupted promotion had already made the tag and this one completed it.</summary>
    public bool Resumed { get; init; }

    /// <summary>What the provenance was signed with (<c>gryt key NAME (…)</c>, <c>git's SSH signing key (…)</c>); null: unsigned.</summary>
    internal string? SignedWith { get; init; }

    /// <summary>Whether the evidence note went to git (<c>refs/notes/gryt</c> on the release tag).</summary>
    internal bool EvidenceNoted { get; init; }

    /// <summary>The <c>generation_promoted</c> hooks that failed; the promotion stands (a required one makes the CLI exit 1).</summary>
    public IReadOnlyList<HookFailure> HookFailures { get; init; } = [];
}

/// <summary>What <c>generation revoke</c> recorded.</summary>
internal sealed record RevocationResult(Generation Generation, string Tag, string Reason);

/// <summary>
/// Promotion: runs every gate (no short-circuit); only if all pass, tags the release at the
/// commit of the newest passing evolution (or <c>--at</c>), writes release notes and provenance and
/// marks the generation promoted. When a gate fails nothing changes. The steps are ordered so that a
/// crash anywhere leaves a state the next promotion completes (docs/promotion.md): tag, then files,
/// then the record; a tag gryt finds that an earlier attempt of this generation made at the same
/// commit is adopted, any other tag is a conflict.
/// </summary>
internal sealed class PromotionService(GrytProject project, GrytDatabase database, GrytContext context, GitClient git)
{
    private readonly PromotionStore _store = new(database);

    /// <summary>The sync server's part: in cloud mode its promotion compare-and-swap comes before the tag.</summary>
    public Sync.SyncHooks? Sync { get; init; }

    /// <summary><c>promotion.approvals</c>, for the server's compare-and-swap (cloud mode).</summary>
    public int RequiredApprovals { get; init; }

    /// <summary>Finds the key that signs the provenance (<see cref="EvidenceSigner.Find"/>); none or null: unsigned.</summary>
    public Func<EvidenceSigner?>? Signer { get; init; }

    /// <summary>The default gates of SPEC §1 plus the metric gates of config.yaml; <paramref name="atReference"/> is the
    /// commit the release would be tagged at when not the newest passing evolution's.</summary>
    public static IReadOnlyList<PromotionGate> DefaultGates(ProjectConfig config, IReadOnlyList<Policy> policies, GitClient git, string? atReference = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var gates = new List<PromotionGate>
        {
            new AllChangesProvenGate(),
            new NoFailedEvolutionsGate(),
            new MinEvolutionsGate(config.MinEvolutions),
            new PolicyGate(policies),
            new ProofsInReleaseGate(git, atReference),
        };
        gates.AddRange(config.MetricGates.Select(g => new MetricGate(g.Metric, g.Min, g.Max)));
        return gates;
    }

    /// <summary>Runs the gates against the generation; each failure or exception becomes a failed outcome.</summary>
    public static async Task<List<GateOutcome>> RunGatesAsync(Generation generation, IData data, IEnumerable<PromotionGate> gates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var outcomes = new List<GateOutcome>();
        foreach (var gate in gates)
        {
            GateResult result;
            try
            {
                result = await gate.CheckAsync(generation, data, cancellationToken).ConfigureAwait(false) ?? new GateResult(false, "the gate returned no result");
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
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
    public Task<PromotionResult> PromoteAsync(string versionText, IData data, IReadOnlyList<PromotionGate> gates, bool dryRun, string? atReference, bool snapshotBefore = false, bool createTag = true,
        CancellationToken cancellationToken = default) =>
        PromoteRecordingAsync(versionText, data, gates, dryRun, atReference, snapshotBefore, createTag, alsoRecord: null, cancellationToken);

    /// <summary>As above; <paramref name="alsoRecord"/> writes more (e.g. the hotfix event) in the transaction that marks the generation promoted.</summary>
    internal async Task<PromotionResult> PromoteRecordingAsync(string versionText, IData data, IReadOnlyList<PromotionGate> gates, bool dryRun, string? atReference, bool snapshotBefore,
        bool createTag, Action<Microsoft.Data.Sqlite.SqliteTransaction, string, string>? alsoRecord, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(data);
        var contracts = new ContractService(project, database, context);
        var synced = contracts.EnsureSynced(versionText);
        var generation = contracts.Show(versionText).Generation;
        RefuseUnlessDraft(generation);
        if (createTag) RefuseTaggedVersion(generation);
        if (atReference is not null && git.ResolveCommit(atReference) is null)
        {
            throw new NotFoundException($"'{SemanticVersion.Printable(atReference)}' does not name a commit");
        }

        var outcomes = await RunGatesAsync(generation, data, gates, cancellationToken).ConfigureAwait(false);
        var tag = generation.ReleaseTag;
        if (!outcomes.All(o => o.Result.Passed) || dryRun)
        {
            return new PromotionResult(generation, outcomes) { DryRun = dryRun, Tag = tag, Synced = synced };
        }

        // The gates only read; from here on one promotion of this project at a time. The loser of a
        // race finds the generation promoted and stops before it writes anything.
        using var hold = PromotionLock.Acquire(project);
        generation = contracts.Show(versionText).Generation;
        RefuseUnlessDraft(generation);

        var target = ReleaseTarget.Resolve(data, git, generation, atReference);
        var commit = target.Commit
            ?? throw new CheckFailedException($"no passing evolution of {generation.Version} recorded a commit to tag", "promote at a commit explicitly with --at HEAD");

        var existing = createTag ? git.ReadTag(tag) : null;
        if (existing is not null) RefuseForeignTag(existing, generation, commit);

        // Cloud mode: the server's compare-and-swap decides before anything is written here (another clone may have promoted).
        PromotionResponse? authorised = null;
        if (Sync is not null && existing is null)
        {
            var proofs = new EvolutionStore(database).ForGeneration(generation.GenerationId).Where(e => e.Status == RunStatus.Pass).Select(e => e.EvolutionId).ToList();
            authorised = await Sync.PromoteAsync(generation.Version, commit, tag, proofs, RequiredApprovals, cancellationToken).ConfigureAwait(false);
        }

        // Read before anything is written: a lock file that cannot be parsed stops the promotion with nothing changed.
        // As committed in the release commit: the working tree may differ.
        var locks = LockInventory.ReadAt(new GitClient(project.Root), project.Root, commit);

        var snapshotId = snapshotBefore
            ? new SnapshotService(project, database, context).Take(SnapshotReasons.BeforePromotion, "before promoting " + generation.Version).SnapshotId
            : null;
        CrashPoint.Reach("promote:after-snapshot");

        var provenancePath = ProvenanceWriter.PathFor(project, generation.Version);
        var notesPath = Path.Combine(project.GrytFolder, "releases", generation.Version + ".md");
        // A tag an earlier attempt made is the release's record in git: its message stays the notes.
        var notes = existing?.Message ?? ReleaseNotes.Write(generation, contracts.Show(versionText).Changes, _store.Attempts(generation.GenerationId),
            outcomes, commit, target.TestedAs, project.Shown(provenancePath), git, context.Now, context.Actor,
            new HotfixStore(database).BaseVersion(generation.GenerationId));
        if (createTag && existing is null)
        {
            git.CreateAnnotatedTag(tag, commit, notes);
            CrashPoint.Reach("promote:after-tag");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(notesPath)!);
        WriteAtomically(notesPath, notes);
        // Before the provenance, which names the SBOM's digest.
        var sbom = SbomWriter.Write(project, generation.Version, commit, context.Now, locks);
        CrashPoint.Reach("promote:after-files");

        using var signer = Signer?.Invoke();
        // The release's artifacts: per path, what the newest passing evolution's run produced.
        var artifacts = new ArtifactStore(database).ForGeneration(generation.GenerationId).Where(a => a.Sha256 is not null)
            .GroupBy(a => a.Path, StringComparer.Ordinal).Select(g => new ArtifactSubject(g.Key, g.Last().Sha256!)).ToList();
        var changeProofs = ChangeProof.For(contracts.Show(versionText).Changes.Select(c => c.ChangeId), _store.Attempts(generation.GenerationId), commit, git);
        var recorded = database.WriteTransaction(transaction =>
        {
            if (!_store.MarkPromoted(transaction, generation.GenerationId, context.Now, context.Actor, commit))
            {
                throw new ConflictException($"generation {generation.Version} was promoted by another process meanwhile");
            }

            var details = new Dictionary<string, object?>
            {
                ["version"] = generation.Version, ["tag"] = tag, ["commit"] = commit,
                ["gates"] = outcomes.Select(o => new Dictionary<string, object?> { ["gate"] = o.Gate, ["passed"] = o.Result.Passed, ["message"] = o.Result.Message }).ToArray(),
                ["resumed"] = existing is not null,
            };
            // The key the sync server authorised (role release): evidence for the compliance report's CM-5.
            if (authorised is not null) details[PromotionAudit.AuthorisedByServer] = authorised.PromotedBy;
            var promotionEvent = AuditLog.Append(database, transaction, context, PromotionAudit.Event, "generation", generation.GenerationId, "promote", details);
            alsoRecord?.Invoke(transaction, tag, commit);
            // The provenance names the promotion event, so it is written here; a crash before the commit leaves a draft the next promote completes.
            return new ReleaseEvidence(project, database, git).Record(transaction, generation, tag, commit, createTag,
                outcomes.Select(o => new ProvenanceGate(o.Gate, o.Result.Passed, o.Result.Message)).ToList(), changeProofs, artifacts,
                promotionEvent, context.Now, context.Actor, signer);
        });
        CrashPoint.Reach("promote:after-record");

        var promoted = contracts.Show(versionText).Generation;
        return new PromotionResult(promoted, outcomes)
        {
            Promoted = true, Tag = createTag ? tag : null, Commit = commit, ReleaseNotesPath = notesPath, Synced = synced,
            SnapshotId = snapshotId, ProvenancePath = provenancePath, Resumed = existing is not null, Sbom = sbom,
            SignedWith = recorded.SignedWith, EvidenceNoted = recorded.Noted,
        };
    }

    /// <summary>Withdraws a promoted release: status <c>revoked</c> with who, when and why, and an audit event. The tag stays.</summary>
    public RevocationResult Revoke(string versionText, string? reason)
    {
        var why = ContractService.OneLineReason(reason) ?? throw new InvalidInputException("a revocation needs a reason", "say why with --reason \"…\"");

        var generation = new ContractService(project, database, context).Show(versionText).Generation;
        if (generation.Status != GenerationStatus.Promoted)
        {
            throw new ConflictException($"generation {generation.Version} is {generation.Status.ToWord()}; only a promoted release can be revoked",
                generation.Status == GenerationStatus.Revoked ? $"it was revoked on {generation.RevokedAt?.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {generation.RevokedBy}: {generation.RevokedReason}" : null);
        }

        database.WriteTransaction(transaction =>
        {
            if (!_store.MarkRevoked(transaction, generation.GenerationId, context.Now, context.Actor, why))
            {
                throw new ConflictException($"generation {generation.Version} was changed by another process meanwhile");
            }

            AuditLog.Append(database, transaction, context, "generation.revoked", "generation", generation.GenerationId, "revoke",
                new Dictionary<string, object?> { ["version"] = generation.Version, ["tag"] = generation.ReleaseTag, ["reason"] = why });
        });
        // A clone learns of it from git too: the release's evidence note says so (push refs/notes/gryt again).
        Evidence.EvidenceNote.NoteRevocation(git, generation.ReleaseTag, new Evidence.NotedRevocation(Timestamps.Format(context.Now), context.Actor, why));
        return new RevocationResult(new ContractService(project, database, context).Show(versionText).Generation, generation.ReleaseTag, why);
    }

    private static void RefuseUnlessDraft(Generation generation)
    {
        if (generation.Status == GenerationStatus.Draft) return;
        if (generation.Status == GenerationStatus.Revoked)
        {
            throw new ConflictException($"generation {generation.Version} was revoked; a revoked release is never promoted again",
                $"ship its fixes in a hotfix (gryt audit hotfix {generation.Version} -i ID) or in the next version");
        }

        throw new ConflictException($"generation {generation.Version} is already {generation.Status.ToWord()}" +
            (generation.PromotedAt is { } at ? $" (on {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {generation.PromotedBy})" : ""));
    }

    /// <summary>A version whose tag someone else made can never be released as it is: said before the gates run, also on a dry run.</summary>
    private void RefuseTaggedVersion(Generation generation)
    {
        if (git.ReadTag(generation.ReleaseTag) is not { } tag || ReleaseTagMarker.IsOwn(tag, generation)) return;
        var next = TaggedVersions.Find(generation, git, database)?.NextFree ?? "a later version";
        throw new ConflictException($"git tag {tag.Name} already exists: {ForeignTagKind(tag)}; version {generation.Version} is taken",
            $"release the changes as {next} (gryt generation new {next}), and abandon this one: gryt generation abandon {generation.Version}");
    }

    /// <summary>A tag gryt did not make for this generation at this commit is never adopted, and never moved.</summary>
    private static void RefuseForeignTag(TagInfo tag, Generation generation, string commit)
    {
        if (!ReleaseTagMarker.IsOwn(tag, generation))
        {
            throw new ConflictException($"git tag {tag.Name} already exists: {ForeignTagKind(tag)}",
                $"gryt never moves a tag; if it is wrong, delete it (git tag -d {tag.Name}) and promote again");
        }

        if (tag.Commit != commit)
        {
            var at = tag.Commit is null ? "?" : ReleaseTarget.Short(tag.Commit);
            throw new ConflictException($"git tag {tag.Name} was made by an earlier promotion of {generation.Version} at {at}, not at {ReleaseTarget.Short(commit)}",
                $"finish that promotion with: gryt generation promote {generation.Version} --at {tag.Commit}");
        }
    }

    private static string ForeignTagKind(TagInfo tag) => tag.Annotated ? "an annotated tag gryt did not make for this generation" : "a lightweight tag, not gryt's";

    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }
}
