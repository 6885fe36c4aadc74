using System.Text;
using System.Text.Json;
using Gryt.Git;
using Gryt.Storage;

namespace Gryt.Evidence;

/// <summary>The proof a release names for one change: its newest passing evolution the release contains.</summary>
internal sealed record ChangeProof(string ChangeId, string? Tag, string? Commit)
{
    /// <summary>Per change, the newest passing attempt whose commit the release contains, else the newest passing one (the gate then failed); null tag when none passed.</summary>
    public static IReadOnlyList<ChangeProof> For(IEnumerable<string> changeIds, IReadOnlyList<ChangeAttempt> attempts, string commit, GitClient git)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentNullException.ThrowIfNull(git);
        return changeIds.Select(id =>
        {
            var passing = attempts.Where(a => a.ChangeId == id && a.Status == "pass").ToList();
            var proof = passing.LastOrDefault(a => a.Commit is not null && git.IsAncestor(a.Commit, commit)) ?? passing.LastOrDefault();
            return new ChangeProof(id, proof?.Tag, proof?.Commit);
        }).ToList();
    }
}

/// <summary>A revocation as the note keeps it (<c>generation revoke</c> adds it), so a clone knows too.</summary>
internal sealed record NotedRevocation(string At, string By, string Reason);

/// <summary>
/// What a clone needs to verify a release without the database, kept in git as a note under
/// <c>refs/notes/gryt</c> on the release tag's object (so it names exactly that tag; a tag made anew has
/// none): the DSSE envelope of the provenance, the SBOM's text, the proof of each change (rc tag and
/// commit) and the audit events from the first up to the promotion with their hashes. Only the envelope
/// is signed; the rest is checked against what it says (the chain head, the SBOM's digest) and against git.
/// </summary>
internal sealed record EvidenceNote(
    string Version, string Tag, string Commit, string GenerationId, DsseEnvelope Envelope, string? Sbom,
    IReadOnlyList<ChangeProof> Changes, IReadOnlyList<StoredAuditEvent> Audit)
{
    public const int Format = 1;

    public NotedRevocation? Revoked { get; init; }

    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("kind", "gryt-release-evidence");
            json.WriteString("version", Version);
            json.WriteString("tag", Tag);
            json.WriteString("commit", Commit);
            json.WriteString("generation", GenerationId);
            json.WritePropertyName("envelope");
            Envelope.Write(json);
            json.WriteString("sbom", Sbom);
            json.WriteStartArray("changes");
            foreach (var change in Changes)
            {
                json.WriteStartObject();
                json.WriteString("id", change.ChangeId);
                json.WriteString("proof_tag", change.Tag);
                json.WriteString("proof_commit", change.Commit);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("audit");
            foreach (var e in Audit)
            {
                json.WriteStartObject();
                json.WriteNumber("seq", e.Seq);
                json.WriteString("event_id", e.EventId);
                json.WriteString("timestamp", e.Timestamp);
                json.WriteString("event_type", e.EventType);
                json.WriteString("resource_type", e.ResourceType);
                json.WriteString("resource_id", e.ResourceId);
                json.WriteString("action", e.Action);
                json.WriteString("actor", e.Actor);
                json.WriteString("details_json", e.DetailsJson);
                json.WriteString("prev_hash", e.PrevHash);
                json.WriteString("hash", e.Hash);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (Revoked is { } revoked)
            {
                json.WriteStartObject("revoked");
                json.WriteString("at", revoked.At);
                json.WriteString("by", revoked.By);
                json.WriteString("reason", revoked.Reason);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    /// <summary>The note in <paramref name="text"/>; null when it is not gryt's evidence (or is damaged beyond reading).</summary>
    public static EvidenceNote? Parse(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "kind") != "gryt-release-evidence") return null;
            if (Text(root, "version") is not { } version || Text(root, "tag") is not { } tag || Text(root, "commit") is not { } commit
                || !root.TryGetProperty("envelope", out var envelopeElement) || DsseEnvelope.Read(envelopeElement) is not { } envelope)
            {
                return null;
            }

            var changes = Array(root, "changes").Select(c => new ChangeProof(Text(c, "id") ?? "", Text(c, "proof_tag"), Text(c, "proof_commit"))).ToList();
            var audit = Array(root, "audit").Select(e => new StoredAuditEvent(
                e.TryGetProperty("seq", out var seq) && seq.ValueKind == JsonValueKind.Number ? seq.GetInt64() : 0,
                Text(e, "event_id") ?? "", Text(e, "timestamp") ?? "", Text(e, "event_type") ?? "", Text(e, "resource_type") ?? "",
                Text(e, "resource_id") ?? "", Text(e, "action") ?? "", Text(e, "actor") ?? "", Text(e, "details_json") ?? "",
                Text(e, "prev_hash") ?? "", Text(e, "hash") ?? "")).ToList();
            var revoked = root.TryGetProperty("revoked", out var r) && r.ValueKind == JsonValueKind.Object
                ? new NotedRevocation(Text(r, "at") ?? "", Text(r, "by") ?? "", Text(r, "reason") ?? "")
                : null;
            return new EvidenceNote(version, tag, commit, Text(root, "generation") ?? "", envelope, Text(root, "sbom"), changes, audit) { Revoked = revoked };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The evidence of <paramref name="tag"/>: the note on its tag object; else any note of gryt's naming this version (the tag was made anew).</summary>
    public static (EvidenceNote? Note, bool OnTag) Find(GitClient git, string tag, string version)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (git.TagObject(tag) is { } objectId && git.ReadNote(GitClient.EvidenceNotesRef, objectId) is { } text && Parse(text) is { } note) return (note, true);
        foreach (var other in git.Notes(GitClient.EvidenceNotesRef).Values)
        {
            if (Parse(other) is { } found && found.Version == version) return (found, false);
        }

        return (null, false);
    }

    /// <summary>Adds the revocation to the note on <paramref name="tag"/>, if it has one: false when there is none.</summary>
    public static bool NoteRevocation(GitClient git, string tag, NotedRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (git.TagObject(tag) is not { } objectId || git.ReadNote(GitClient.EvidenceNotesRef, objectId) is not { } text || Parse(text) is not { } note) return false;
        git.SetNote(GitClient.EvidenceNotesRef, objectId, (note with { Revoked = revocation }).ToJson());
        return true;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static List<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).ToList()
            : [];
}
