using System.Text.Json;

namespace Gryt.Sync.Wire;

/// <summary>The record kinds the server stores by id and content hash.</summary>
internal static class RecordKinds
{
    public const string Evolution = "evolution";
    public const string Run = "run";
    public const string StepRun = "step_run";
    public const string DataRow = "data_row";
    public const string AuditEvent = "audit_event";

    public static readonly IReadOnlyList<string> All = [Evolution, Run, StepRun, DataRow, AuditEvent];
}

/// <summary>One record on the wire: <c>sha256</c> is <see cref="CanonicalJson.Hash"/> of <c>content</c>.</summary>
internal sealed record WireRecord(string Kind, string Id, string Sha256, JsonElement Content)
{
    /// <summary>A record of typed content, with its hash computed.</summary>
    public static WireRecord Of<T>(string kind, string id, T content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        var element = JsonSerializer.SerializeToElement(content, type);
        return new(kind, id, CanonicalJson.Hash(element), element);
    }
}

/// <summary>
/// Records, and beside them (not records: no feed, no hash of their own, so pushing them changes no record's hash) the
/// artifacts the runs' steps recorded with their digests. Both ways compatible: a server that predates
/// <see cref="Artifacts"/> skips the field (unknown members are skipped), a client that predates it sends none.
/// </summary>
internal sealed record PushRecordsRequest(IReadOnlyList<WireRecord> Records, IReadOnlyList<ArtifactWire>? Artifacts = null);

/// <summary><c>created</c>, <c>exists</c> or <c>updated</c> per id.</summary>
internal sealed record RecordResult(string Id, string Status);

/// <summary><see cref="Artifacts"/>: how many of the request's artifacts the server holds now; null from a server that does not store them.</summary>
internal sealed record PushRecordsResponse(IReadOnlyList<RecordResult> Results, int? Artifacts = null);

/// <summary>
/// An artifact a run's step recorded (a step's <c>artifacts:</c>, <c>ctx.RecordArtifact</c>): its path relative to the
/// repository, size and SHA-256 as measured when the step ended. Its id is the local data row's; its run must be on the server.
/// </summary>
internal sealed record ArtifactWire(string DataRowId, string RunId, string? StepName, string Path, long? Size, string? Sha256, string? Source, string CreatedAt);

/// <summary>
/// The lifecycle statuses a record may carry: pending and running may still change. A running record
/// may also be replaced by a running one with new content: a run's live progress (its steps' output
/// tails growing) while it goes on.
/// </summary>
internal static class RecordStatuses
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Pass = "pass";
    public const string Fail = "fail";
    public const string Interrupted = "interrupted";

    /// <summary>A step that never ran (an earlier one failed, or the run stopped): final, like pass and fail.</summary>
    public const string Skipped = "skipped";

    public static bool IsOpen(string? status) => status is Pending or Running;

    /// <summary>Whether a record in <paramref name="from"/> may be replaced by one in <paramref name="to"/> (with other content).</summary>
    public static bool MayMove(string? from, string? to) => (from, to) switch
    {
        (Pending, Running or Pass or Fail or Skipped or Interrupted) => true,
        (Running, Running or Pass or Fail or Skipped or Interrupted) => true,
        _ => false,
    };
}

internal sealed record EvolutionContent(
    string EvolutionId,
    string Generation,
    int RcNumber,
    string Tag,
    string Status,
    string? PipelineName,
    string? RunId,
    string? CommitSha,
    string? StartedAt,
    string? CompletedAt,
    string? CreatedBy,
    string? Reason,
    IReadOnlyList<string> ChangeIds);

internal sealed record RunContent(
    string RunId,
    string PipelineName,
    string Status,
    string? EvolutionId,
    string? CommitSha,
    bool Dirty,
    string? StartedAt,
    string? EndedAt,
    int? ExitCode,
    string? Host,
    string? CiUrl,
    string? Actor);

internal sealed record StepRunContent(
    string StepRunId,
    string RunId,
    string StepName,
    string Status,
    int? ExitCode,
    int Attempts,
    string? StartedAt,
    string? EndedAt,
    long? DurationMs,
    string? OutputTail,
    string? Command);

internal sealed record DataRowContent(
    string DataRowId,
    string? Generation,
    string? EvolutionId,
    string? RunId,
    string? StepName,
    string MetricName,
    double? MetricValue,
    string? ArtifactPath,
    string? Source,
    string CreatedAt);

internal sealed record AuditEventContent(
    string EventId,
    string Timestamp,
    string EventType,
    string ResourceType,
    string ResourceId,
    string Action,
    string Actor,
    string DetailsJson,
    string PrevHash,
    string Hash);
