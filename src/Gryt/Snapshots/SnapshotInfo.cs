namespace Gryt.Snapshots;

/// <summary>Why a snapshot was taken.</summary>
internal static class SnapshotReasons
{
    public const string Manual = "manual";
    public const string BeforeRollback = "before-rollback";
    public const string BeforePromotion = "before-promotion";
}

/// <summary>
/// A snapshot of the database: the copy's file (relative to <c>.gryt/snapshots/</c>), its size,
/// SHA-256 and integrity-check result, the schema version and the audit chain's head at that time.
/// </summary>
internal sealed record SnapshotInfo(
    string SnapshotId,
    string? Label,
    string Reason,
    DateTimeOffset CreatedAt,
    string? CreatedBy,
    string File,
    long SizeBytes,
    string Sha256,
    string Integrity,
    int SchemaVersion,
    string? AuditHeadHash,
    long AuditEvents)
{
    /// <summary>Whether the snapshot's database file is present.</summary>
    public bool FileExists { get; init; } = true;

    /// <summary>Whether its metadata came from the sidecar file (false: only the table knew it).</summary>
    public bool HasSidecar { get; init; } = true;
}

/// <summary>What a rollback did: the snapshot restored and the automatic snapshot of what it replaced.</summary>
internal sealed record RollbackResult(SnapshotInfo Restored, SnapshotInfo Before);
