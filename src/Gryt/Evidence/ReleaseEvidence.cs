using Gryt.Contracts;
using Gryt.Git;
using Gryt.Project;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Evidence;

/// <summary>What a promotion recorded as evidence: whether and with what the provenance was signed, and whether a note went to git.</summary>
internal sealed record RecordedEvidence(string? SignedWith, bool Noted);

/// <summary>
/// The evidence of a promotion, written inside the transaction that records it (after the promotion
/// event, so the statement can name it as the audit chain head, and before the commit, so a crash
/// leaves a draft that the next promote completes and rewrites): the provenance statement, its DSSE
/// envelope (signed when the user has a key), and the git note on the release tag.
/// </summary>
internal sealed class ReleaseEvidence(GrytProject project, GrytDatabase database, GitClient git)
{
    public RecordedEvidence Record(SqliteTransaction transaction, Generation generation, string tag, string commit, bool tagged,
        IReadOnlyList<ProvenanceGate> gates, IReadOnlyList<ChangeProof> proofs, IReadOnlyList<ArtifactSubject> artifacts,
        StoredAuditEvent promotionEvent, DateTimeOffset promotedAt, string promotedBy, EvidenceSigner? signer)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(promotionEvent);
        var sbomPath = SbomWriter.PathFor(project, generation.Version);
        var sbom = File.Exists(sbomPath) ? File.ReadAllText(sbomPath) : null;
        var statement = ProvenanceWriter.Statement(database, generation, tag, commit, gates, promotedAt, promotedBy,
            new ProvenanceEvidence(artifacts, new ChainHead(promotionEvent.Seq, promotionEvent.EventId, promotionEvent.Hash),
                sbom is null ? null : project.Shown(sbomPath), sbom is null ? null : Sha256.Of(sbom)), transaction);
        var pae = DsseEnvelope.Pae(DsseEnvelope.InTotoPayloadType, statement);
        DsseSignature[] signatures = signer is null ? [] : [new DsseSignature(signer.KeyId, signer.Sign(pae))];
        var envelope = new DsseEnvelope(DsseEnvelope.InTotoPayloadType, statement, signatures);
        ProvenanceWriter.Write(project, generation.Version, envelope);

        if (!tagged || git.TagObject(tag) is not { } tagObject) return new RecordedEvidence(signer?.Describe, Noted: false);
        var audit = new AuditStore(database).InChainOrder(transaction).TakeWhile(e => e.Seq <= promotionEvent.Seq).ToList();
        var note = new EvidenceNote(generation.Version, tag, commit, generation.GenerationId, envelope, sbom, proofs, audit);
        git.SetNote(GitClient.EvidenceNotesRef, tagObject, note.ToJson());
        return new RecordedEvidence(signer?.Describe, Noted: true);
    }
}
