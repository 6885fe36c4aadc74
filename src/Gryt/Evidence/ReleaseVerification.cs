using System.Text.Json;
using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Evidence;

/// <summary>One check of <c>gryt release verify</c>: its key, whether it holds, and what was found.</summary>
internal sealed record VerifyItem(string Check, bool Ok, string Detail);

/// <summary>What <c>gryt release verify</c> found; <see cref="FromRecord"/>: the database's own record (not imported) was checked too.</summary>
internal sealed record ReleaseVerificationResult(string Version, string Tag, string? Commit, bool FromRecord, IReadOnlyList<VerifyItem> Items)
{
    public bool Verified => Items.All(i => i.Ok);

    public IEnumerable<VerifyItem> Failed => Items.Where(i => !i.Ok);
}

/// <summary>
/// Checks a promoted release from a clone: from git alone (the release tag, the evidence note on it,
/// rc tags, keys committed at the release commit) and, where this database recorded the release
/// itself (not rebuilt from tags), from its record too (the whole audit chain, revocation, every
/// change's evolutions). Every check runs; none stops the others. docs/release-evidence.md.
/// </summary>
internal sealed class ReleaseVerification(GrytProject project, GitClient git, GrytDatabase? database, Func<string, string?> variable)
{
    public const string Tag = "tag";
    public const string TagSignature = "tag_signature";
    public const string ProvenanceSignature = "provenance_signature";
    public const string Provenance = "provenance";
    public const string Artifacts = "artifacts";
    public const string Proofs = "proofs";
    public const string ProofsInRelease = "proofs_in_release";
    public const string AuditChainCheck = "audit_chain";
    public const string NotRevoked = "not_revoked";
    public const string Sbom = "sbom";

    /// <param name="versionText">The release's version as the user typed it.</param>
    /// <param name="allowUnsigned">An envelope with no signature passes, saying so (for projects that do not sign yet); a signature that does not verify still fails.</param>
    public ReleaseVerificationResult Verify(string versionText, bool allowUnsigned = false)
    {
        if (!SemanticVersion.TryParse(versionText, out var parsed)) throw new InvalidInputException($"'{SemanticVersion.Printable(versionText)}' is not a version (e.g. v1.2.0)");
        var version = parsed.ToString();
        var stored = database is null ? null : new GenerationStore(database).Find(version);
        var recorded = stored is { ImportedFrom: null } ? stored : null;
        var tagName = stored is not null ? TagFormat.Of(stored.TagPrefix, stored.TagFormat).Release(parsed) : TagFormat.Of("", ProjectConfig.Load(project).TagFormat).Release(parsed);
        var (note, onTag) = EvidenceNote.Find(git, tagName, version);
        if (note is not null) tagName = note.Tag;
        var tag = git.ReadTag(tagName);
        if (tag is null && note is null && stored is null) throw new NotFoundException($"release {version} not found: no tag {tagName}, no evidence note and no record", "fetch tags and notes: git fetch origin --tags refs/notes/gryt:refs/notes/gryt");
        if (stored is not null && stored.Status is not ("promoted" or "revoked") && tag is null && note is null)
        {
            throw new NotFoundException($"generation {version} is {stored.Status}, not a promoted release");
        }

        var statement = note is null ? null : Statement.Read(note.Envelope.Payload);
        var promotionEvent = recorded is null ? null : PromotionEvent(recorded.GenerationId);
        var commit = statement?.Commit ?? promotionEvent?.Commit ?? TagRecord.Read(tag?.Message)?.Commit ?? tag?.Commit;
        using var trusted = commit is null ? null : TrustedKeys.At(project, git, commit, variable);
        var items = new List<VerifyItem>
        {
            CheckTag(tagName, tag, commit, note, onTag),
            CheckTagSignature(tag, trusted),
            CheckProvenanceSignature(note, trusted, allowUnsigned),
        };
        items.Add(CheckProvenance(version, tagName, note, statement, promotionEvent?.Commit));
        items.Add(CheckArtifacts(statement));
        var proofs = recorded is not null ? RecordedProofs(recorded.GenerationId, promotionEvent?.Commit) : note?.Changes;
        var contracted = recorded is null && commit is not null ? ContractChangesAt(commit, parsed) : null;
        items.Add(CheckProofs(proofs, recorded is not null, statement, contracted));
        items.Add(CheckProofsInRelease(proofs, commit));
        items.Add(CheckAuditChain(note, statement, recorded is not null));
        items.Add(CheckNotRevoked(stored, note?.Revoked, recorded is not null));
        items.Add(CheckSbom(version, note, statement, commit));
        return new ReleaseVerificationResult(version, tagName, commit, recorded is not null, items);
    }

    private static VerifyItem CheckTag(string name, TagInfo? tag, string? commit, EvidenceNote? note, bool onTag)
    {
        if (tag is null) return new(Tag, false, $"tag {name} does not exist");
        if (!tag.Annotated) return new(Tag, false, $"tag {name} is a lightweight tag, not gryt's annotated release tag");
        if (commit is null) return new(Tag, false, $"tag {name}: no record names the release commit");
        if (tag.Commit != commit) return new(Tag, false, $"tag {name} was moved: it points at {Short(tag.Commit)}, the signed provenance says {Short(commit)}");
        if (note is not null && !onTag) return new(Tag, false, $"tag {name} at {Short(commit)} was made anew: the evidence note is on an earlier tag object");
        return new(Tag, true, $"{name}: annotated, at {Short(commit)}");
    }

    private VerifyItem CheckTagSignature(TagInfo? tag, TrustedKeys? trusted)
    {
        if (tag is null || !tag.Annotated) return new(TagSignature, false, "no annotated tag to check");
        if (!tag.Signed) return new(TagSignature, true, "not signed (git's tag.gpgSign was off when it was made)");
        string? file = null;
        try
        {
            if (trusted is { AllowedSigners.Length: > 0 })
            {
                file = Path.GetTempFileName();
                File.WriteAllText(file, trusted.AllowedSigners);
            }

            var (verified, said) = git.VerifyTag(tag.Name, file);
            return new(TagSignature, verified, verified ? "signed: " + said : "the signature does not verify: " + said);
        }
        finally
        {
            if (file is not null) File.Delete(file);
        }
    }

    private static VerifyItem CheckProvenanceSignature(EvidenceNote? note, TrustedKeys? trusted, bool allowUnsigned)
    {
        if (note is null) return new(ProvenanceSignature, false, $"no evidence note ({GitClient.EvidenceNotesRef}) for this release: fetch it with git fetch origin {GitClient.EvidenceNotesRef}:{GitClient.EvidenceNotesRef}");
        if (note.Envelope.PayloadType != DsseEnvelope.InTotoPayloadType) return new(ProvenanceSignature, false, $"the envelope's payload type is {note.Envelope.PayloadType}, not {DsseEnvelope.InTotoPayloadType}");
        if (allowUnsigned && note.Envelope.Signatures.Count == 0)
        {
            return new(ProvenanceSignature, true, "unsigned, allowed by --allow-unsigned: nothing vouches for who made this release");
        }

        if (trusted is null) return new(ProvenanceSignature, false, "no release commit to read trusted keys from");
        var (signer, said) = trusted.Verify(note.Envelope);
        return signer is null ? new(ProvenanceSignature, false, said) : new(ProvenanceSignature, true, $"signed by {signer}");
    }

    private VerifyItem CheckProvenance(string version, string tagName, EvidenceNote? note, Statement? statement, string? recordedCommit)
    {
        if (note is null) return new(Provenance, false, "no provenance: the evidence note is missing");
        if (statement is null) return new(Provenance, false, "the signed payload is not an in-toto statement of gryt's");
        var problems = new List<string>();
        if (statement.Tag != tagName) problems.Add($"its subject is {statement.Tag ?? "missing"}, not {tagName}");
        if (statement.Version != version) problems.Add($"it is for {statement.Version ?? "no version"}, not {version}");
        if (note.Commit != statement.Commit) problems.Add($"the note says commit {Short(note.Commit)}, the statement {Short(statement.Commit)}");
        if (recordedCommit is not null && recordedCommit != statement.Commit) problems.Add($"the database's promotion names {Short(recordedCommit)}, the statement {Short(statement.Commit)}");
        var local = ProvenanceWriter.PathFor(project, version);
        if (File.Exists(local) && !File.ReadAllBytes(local).AsSpan().SequenceEqual(note.Envelope.Payload)) problems.Add($"{project.Shown(local)} was edited: it differs from the signed statement");
        return problems.Count == 0
            ? new(Provenance, true, $"in-toto statement for {tagName} at {Short(statement.Commit)}, {Counted.Of(statement.Artifacts.Count, "artifact")}")
            : new(Provenance, false, string.Join("; ", problems));
    }

    private VerifyItem CheckArtifacts(Statement? statement)
    {
        if (statement is null) return new(Artifacts, false, "no signed statement to compare artifacts with");
        if (statement.Artifacts.Count == 0) return new(Artifacts, true, "the release names no artifacts");
        var replaced = new List<string>();
        var present = 0;
        var root = git.TopLevel() ?? project.Root;
        foreach (var artifact in statement.Artifacts)
        {
            var path = Path.Combine(root, artifact.Name);
            if (!File.Exists(path)) continue;
            present++;
            if (!string.Equals(Sha256.OfFile(path), artifact.Sha256, StringComparison.OrdinalIgnoreCase)) replaced.Add($"{artifact.Name} was replaced: its SHA-256 is not {artifact.Sha256[..Math.Min(12, artifact.Sha256.Length)]}…");
        }

        if (replaced.Count > 0) return new(Artifacts, false, string.Join("; ", replaced));
        return new(Artifacts, true, $"{present} of {Counted.Of(statement.Artifacts.Count, "artifact")} present here, each matching its SHA-256");
    }

    /// <summary>The change ids of the contract file as committed at the release commit; null when it is not there.</summary>
    private List<string>? ContractChangesAt(string commit, SemanticVersion version)
    {
        var path = Path.GetRelativePath(project.Root, project.GenerationFile(version));
        if (git.FileAt(commit, path) is not { } text) return null;
        try
        {
            return ContractFile.Parse(System.Text.Encoding.UTF8.GetBytes(text), path, version).Changes.Select(c => c.Id).ToList();
        }
        catch (InvalidFileException)
        {
            return null;
        }
    }

    private VerifyItem CheckProofs(IReadOnlyList<ChangeProof>? proofs, bool fromRecord, Statement? statement, IReadOnlyList<string>? contracted)
    {
        if (proofs is null) return new(Proofs, false, "no record of the changes' proofs (no evidence note, no database record)");
        if (proofs.Count == 0) return new(Proofs, false, "the release names no changes");
        var problems = new List<string>();
        // The note is not signed: from git alone, the changes come from the contract committed at the release commit,
        // so a change dropped from the note is still asked for.
        if (contracted is not null)
        {
            problems.AddRange(contracted.Where(id => proofs.All(p => p.ChangeId != id)).Select(id => $"{id} is in the contract at the release commit but the evidence note names no proof of it"));
        }

        foreach (var proof in proofs)
        {
            if (proof.Tag is null) problems.Add($"{proof.ChangeId} has no passing evolution");
            else if (proof.Commit is null) problems.Add($"{proof.ChangeId}: {proof.Tag} recorded no commit");
            else if (git.ReadTag(proof.Tag) is not { } rc) problems.Add($"{proof.ChangeId}: rc tag {proof.Tag} does not exist");
            else if (rc.Commit != proof.Commit) problems.Add($"{proof.ChangeId}: rc tag {proof.Tag} points at {Short(rc.Commit)}, recorded {Short(proof.Commit)}");
            // The note is not signed: from git alone, each proof must be a passing evolution the signed statement names.
            else if (!fromRecord && statement is not null && !statement.Proves(proof)) problems.Add($"{proof.ChangeId}: the signed statement names no passing evolution {proof.Tag} at {Short(proof.Commit)} for it");
        }

        var from = fromRecord ? "the database's record" : "the evidence note";
        return problems.Count == 0
            ? new(Proofs, true, $"{Counted.Of(proofs.Count, "change")} proven by rc tags at their recorded commits ({string.Join(", ", proofs.Select(p => $"{p.ChangeId}: {p.Tag}"))}; from {from})")
            : new(Proofs, false, string.Join("; ", problems));
    }

    private VerifyItem CheckProofsInRelease(IReadOnlyList<ChangeProof>? proofs, string? commit)
    {
        if (proofs is null || commit is null) return new(ProofsInRelease, false, "no proofs or no release commit to compare");
        var outside = proofs.Where(p => p.Commit is not null && !git.IsAncestor(p.Commit, commit)).Select(p => $"{p.Tag} @ {Short(p.Commit)}").ToList();
        return outside.Count == 0
            ? new(ProofsInRelease, true, $"every proving commit is contained in {Short(commit)}")
            : new(ProofsInRelease, false, $"not contained in {Short(commit)}: {string.Join(", ", outside)}");
    }

    private VerifyItem CheckAuditChain(EvidenceNote? note, Statement? statement, bool fromRecord)
    {
        var problems = new List<string>();
        var said = new List<string>();
        var head = statement?.ChainHead;
        if (head is null) problems.Add("the signed statement names no audit chain head");
        if (note is not null && head is not null)
        {
            var chain = AuditChain.Verify(note.Audit);
            if (chain.FirstBreak is { } broken) problems.Add($"the note's audit events: {broken.Message}");
            else if (note.Audit.Count == 0 || note.Audit[^1].EventId != head.EventId || chain.HeadHash != head.Hash) problems.Add($"the note's audit events do not end at the promotion event {head.EventId} the statement names");
            else said.Add($"{Counted.Of(chain.Events, "event")} up to the promotion (#{head.Seq}) verify in the note");
        }

        if (fromRecord && database is not null)
        {
            var chain = AuditChain.Verify(database);
            var promoted = head is null ? null : new AuditStore(database).Find(head.EventId);
            if (chain.FirstBreak is { } broken) problems.Add($"the database's audit chain is broken at event #{broken.Seq}: {broken.Message}");
            else if (head is not null && promoted is null) problems.Add($"the database has no event {head.EventId}");
            else if (head is not null && promoted!.Hash != head.Hash) problems.Add($"the database's promotion event {head.EventId} has another hash than the signed statement names");
            else said.Add($"the database's whole chain ({Counted.Of(chain.Events, "event")}) verifies");
        }

        return problems.Count == 0 ? new(AuditChainCheck, true, string.Join("; ", said)) : new(AuditChainCheck, false, string.Join("; ", problems));
    }

    private static VerifyItem CheckNotRevoked(StoredGeneration? stored, NotedRevocation? noted, bool fromRecord)
    {
        if (stored?.Status == "revoked") return new(NotRevoked, false, $"revoked on {stored.RevokedAt?.UtcDateTime:yyyy-MM-dd HH:mm} UTC by {stored.RevokedBy}: {stored.RevokedReason}");
        if (noted is not null) return new(NotRevoked, false, $"revoked on {noted.At} by {noted.By}: {noted.Reason} (the evidence note)");
        return new(NotRevoked, true, fromRecord ? "not revoked (the database's record)" : "no revocation in the evidence note");
    }

    private VerifyItem CheckSbom(string version, EvidenceNote? note, Statement? statement, string? commit)
    {
        var local = SbomWriter.PathFor(project, version);
        var text = note?.Sbom ?? (File.Exists(local) ? File.ReadAllText(local) : null);
        if (text is null) return new(Sbom, false, $"SBOM missing: neither the evidence note nor {project.Shown(local)} has one");
        var problems = new List<string>();
        var digest = Sha256.Of(text);
        if (statement is null) problems.Add("no signed statement names its digest");
        else if (statement.SbomSha256 is null) problems.Add("the signed statement names no SBOM");
        else if (statement.SbomSha256 != digest) problems.Add("the SBOM was edited: its SHA-256 is not the one the signed statement names");
        if (note?.Sbom is not null && File.Exists(local) && File.ReadAllText(local) != note.Sbom) problems.Add($"{project.Shown(local)} differs from the SBOM in the evidence note");
        if (SbomCheck.Problem(System.Text.Encoding.UTF8.GetBytes(text), version, commit) is { } problem) problems.Add(problem);
        return problems.Count == 0 ? new(Sbom, true, $"CycloneDX SBOM for {Short(commit)}, SHA-256 {digest[..12]}…") : new(Sbom, false, string.Join("; ", problems));
    }

    private List<ChangeProof> RecordedProofs(string generationId, string? commit)
    {
        var attempts = new PromotionStore(database!).Attempts(generationId);
        var ids = new GenerationStore(database!).Changes(generationId).Select(c => c.Definition.ChangeId);
        return commit is null ? ids.Select(id => new ChangeProof(id, null, null)).ToList() : ChangeProof.For(ids, attempts, commit, git).ToList();
    }

    private sealed record PromotionRecord(string EventId, string? Commit);

    /// <summary>The newest <c>generation.promoted</c> event of the generation in this database, with the commit it names.</summary>
    private PromotionRecord? PromotionEvent(string generationId)
    {
        var found = new AuditStore(database!).Newest(PromotionAudit.Event, "generation", generationId);
        if (found is null) return null;
        try
        {
            using var details = JsonDocument.Parse(found.DetailsJson);
            return new PromotionRecord(found.EventId, details.RootElement.TryGetProperty("commit", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null);
        }
        catch (JsonException)
        {
            return new PromotionRecord(found.EventId, null);
        }
    }

    private static string Short(string? sha) => sha is null ? "?" : sha[..Math.Min(12, sha.Length)];

    /// <summary>What verify reads from the signed statement.</summary>
    private sealed record Statement(string? Tag, string? Commit, string? Version, IReadOnlyList<ArtifactSubject> Artifacts, ChainHead? ChainHead, string? SbomSha256)
    {
        /// <summary>The passing evolutions of <c>resolvedDependencies</c>: rc tag, commit and the changes each proved.</summary>
        public IReadOnlyList<(string Tag, string Commit, IReadOnlyList<string> Changes)> Evolutions { get; private init; } = [];

        public bool Proves(ChangeProof proof) => Evolutions.Any(e => e.Tag == proof.Tag && e.Commit == proof.Commit && e.Changes.Contains(proof.ChangeId));

        public static Statement? Read(byte[] payload)
        {
            try
            {
                using var document = JsonDocument.Parse(payload);
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object || Text(root, "_type") != ProvenanceWriter.StatementType || !root.TryGetProperty("subject", out var subjects) || subjects.ValueKind != JsonValueKind.Array) return null;
                string? tag = null, commit = null;
                var artifacts = new List<ArtifactSubject>();
                foreach (var subject in subjects.EnumerateArray())
                {
                    if (subject.ValueKind != JsonValueKind.Object || !subject.TryGetProperty("digest", out var digest) || digest.ValueKind != JsonValueKind.Object) continue;
                    if (Text(digest, "gitCommit") is { } sha && tag is null) (tag, commit) = (Text(subject, "name"), sha);
                    else if (Text(digest, "sha256") is { } sum && Text(subject, "name") is { } name) artifacts.Add(new ArtifactSubject(name, sum));
                }

                var predicate = Child(root, "predicate");
                var version = Text(Child(Child(predicate, "buildDefinition"), "externalParameters"), "version");
                var internals = Child(Child(predicate, "buildDefinition"), "internalParameters");
                var headElement = Child(internals, "audit_chain_head");
                var head = Text(headElement, "event_id") is { } id && Text(headElement, "hash") is { } hash
                    ? new ChainHead(headElement.TryGetProperty("seq", out var seq) && seq.ValueKind == JsonValueKind.Number ? seq.GetInt64() : 0, id, hash)
                    : null;
                var evolutions = new List<(string, string, IReadOnlyList<string>)>();
                if (Child(Child(predicate, "buildDefinition"), "resolvedDependencies") is { ValueKind: JsonValueKind.Array } dependencies)
                {
                    foreach (var dependency in dependencies.EnumerateArray())
                    {
                        var annotations = Child(dependency, "annotations");
                        if (Text(dependency, "name") is not { } rc || Text(Child(dependency, "digest"), "gitCommit") is not { } at || Text(annotations, "status") != "pass") continue;
                        var changes = Child(annotations, "changes") is { ValueKind: JsonValueKind.Array } ids
                            ? ids.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).Select(i => i.GetString()!).ToList()
                            : [];
                        evolutions.Add((rc, at, changes));
                    }
                }

                return new Statement(tag, commit, version, artifacts, head, Text(Child(internals, "sbom"), "sha256")) { Evolutions = evolutions };
            }
            catch (JsonException)
            {
                return null;
            }
        }

        private static JsonElement Child(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child) ? child : default;

        private static string? Text(JsonElement element, string name) =>
            element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }
}
