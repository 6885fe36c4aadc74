using System.Text.Json.Serialization;

namespace Gryt.Snapshots;

/// <summary>The sidecar file beside a snapshot's copy (<c>snap-….json</c>): its fields in this order, nulls written.</summary>
internal sealed record SnapshotSidecar(
    string SnapshotId,
    string? Label,
    string Reason,
    string CreatedAt,
    string? CreatedBy,
    string File,
    long SizeBytes,
    string Sha256,
    string Integrity,
    int SchemaVersion,
    string? AuditHeadHash,
    long AuditEvents)
{
    public static SnapshotSidecar Of(SnapshotInfo s) => new(s.SnapshotId, s.Label, s.Reason, Timestamps.Format(s.CreatedAt), s.CreatedBy,
        s.File, s.SizeBytes, s.Sha256, s.Integrity, s.SchemaVersion, s.AuditHeadHash, s.AuditEvents);
}

/// <summary>Source-generated, so the native (AOT) gryt writes sidecars without reflection.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(SnapshotSidecar))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
