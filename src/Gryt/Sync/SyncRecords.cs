using System.Text.Json;
using Gryt.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Sync;

/// <summary>
/// Local rows to wire records and back: only the fields the protocol carries (no pid, no log
/// path, generations named by version), so a record's hash is the same in every clone.
/// </summary>
internal static class SyncRecords
{
    private static readonly SyncJsonContext Json = SyncJsonContext.Default;

    /// <summary>Every record of the local database (of one generation when <paramref name="version"/> is given), in push order.</summary>
    public static List<WireRecord> Read(GrytDatabase database, string? version, bool finishedEvolutionsOnly)
    {
        var store = new SyncStore(database);
        var records = new List<WireRecord>();
        var evolutions = store.Evolutions(version);
        if (finishedEvolutionsOnly) evolutions = [.. evolutions.Where(e => !RecordStatuses.IsOpen(e.Status))];
        records.AddRange(evolutions.Select(ToWire));

        var runs = store.Runs(version);
        var steps = store.StepRuns(version);
        var data = store.DataRows(version);
        if (finishedEvolutionsOnly)
        {
            var ids = evolutions.Select(e => e.EvolutionId).ToHashSet(StringComparer.Ordinal);
            runs = [.. runs.Where(r => r.EvolutionId is not null && ids.Contains(r.EvolutionId))];
            var runIds = runs.Select(r => r.RunId).ToHashSet(StringComparer.Ordinal);
            steps = [.. steps.Where(s => runIds.Contains(s.RunId))];
            data = [.. data.Where(d => d.RunId is not null && runIds.Contains(d.RunId))];
        }

        records.AddRange(runs.Select(ToWire));
        records.AddRange(steps.Select(ToWire));
        records.AddRange(data.Where(d => d.MetricName is not null).Select(ToWire));
        if (version is null && !finishedEvolutionsOnly)
        {
            records.AddRange(new AuditStore(database).InChainOrder().Select(ToWire));
        }

        return records;
    }

    public static WireRecord ToWire(SyncEvolutionRow e) => WireRecord.Of(RecordKinds.Evolution, e.EvolutionId,
        new EvolutionContent(e.EvolutionId, e.Version, e.RcNumber, e.Tag, e.Status, e.PipelineName, e.RunId, e.CommitSha, e.StartedAt, e.CompletedAt, e.CreatedBy, e.Reason, e.ChangeIds),
        Json.EvolutionContent);

    public static WireRecord ToWire(SyncRunRow r) => WireRecord.Of(RecordKinds.Run, r.RunId,
        new RunContent(r.RunId, r.PipelineName, r.Status, r.EvolutionId, r.CommitSha, r.Dirty, r.StartedAt, r.EndedAt, r.ExitCode, r.Host, r.CiUrl, r.Actor),
        Json.RunContent);

    public static WireRecord ToWire(SyncStepRunRow s) => WireRecord.Of(RecordKinds.StepRun, s.StepRunId,
        new StepRunContent(s.StepRunId, s.RunId, s.StepName, s.Status, s.ExitCode, s.Attempts, s.StartedAt, s.EndedAt, s.DurationMs, s.OutputTail, s.Command),
        Json.StepRunContent);

    public static WireRecord ToWire(SyncDataRow d) => WireRecord.Of(RecordKinds.DataRow, d.DataRowId,
        new DataRowContent(d.DataRowId, d.Version, d.EvolutionId, d.RunId, d.StepName, d.MetricName!, d.MetricValue, d.ArtifactPath, d.Source, d.CreatedAt),
        Json.DataRowContent);

    public static ArtifactWire ToWire(SyncArtifactRow a) => new(a.DataRowId, a.RunId, a.StepName, a.Path, a.Size, a.Sha256, a.Source, a.CreatedAt);

    /// <summary>What sync remembers of a pushed artifact (kind <c>artifact</c> in <c>sync_records</c>), so it is sent once.</summary>
    public static string Hash(ArtifactWire a) => CanonicalJson.Hash(JsonSerializer.SerializeToElement(a, Json.ArtifactWire));

    public static WireRecord ToWire(StoredAuditEvent a) => WireRecord.Of(RecordKinds.AuditEvent, a.EventId,
        new AuditEventContent(a.EventId, a.Timestamp, a.EventType, a.ResourceType, a.ResourceId, a.Action, a.Actor, a.DetailsJson, a.PrevHash, a.Hash),
        Json.AuditEventContent);

    public static SyncEvolutionRow Evolution(JsonElement content)
    {
        var e = Deserialize(content, Json.EvolutionContent);
        return new SyncEvolutionRow(e.EvolutionId, e.Generation, e.RcNumber, e.Tag, e.Status, e.PipelineName, e.RunId, e.CommitSha,
            e.StartedAt ?? e.CompletedAt ?? "", e.CompletedAt, e.CreatedBy, e.Reason, e.ChangeIds ?? []);
    }

    public static SyncRunRow Run(JsonElement content)
    {
        var r = Deserialize(content, Json.RunContent);
        return new SyncRunRow(r.RunId, r.PipelineName, r.Status, r.EvolutionId, r.CommitSha, r.Dirty, r.StartedAt ?? "", r.EndedAt, r.ExitCode, r.Host, r.CiUrl, r.Actor);
    }

    public static SyncStepRunRow StepRun(JsonElement content)
    {
        var s = Deserialize(content, Json.StepRunContent);
        return new SyncStepRunRow(s.StepRunId, s.RunId, s.StepName, s.Status, s.ExitCode, s.Attempts, s.StartedAt, s.EndedAt, s.DurationMs, s.OutputTail, s.Command);
    }

    public static SyncDataRow DataRow(JsonElement content)
    {
        var d = Deserialize(content, Json.DataRowContent);
        return new SyncDataRow(d.DataRowId, d.Generation, d.EvolutionId, d.RunId, d.StepName, d.MetricName, d.MetricValue, d.ArtifactPath, d.Source, d.CreatedAt);
    }

    public static StoredAuditEvent AuditEvent(JsonElement content)
    {
        var a = Deserialize(content, Json.AuditEventContent);
        return new StoredAuditEvent(0, a.EventId, a.Timestamp, a.EventType, a.ResourceType, a.ResourceId, a.Action, a.Actor, a.DetailsJson, a.PrevHash, a.Hash);
    }

    public static T Deserialize<T>(JsonElement content, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return content.Deserialize(type) ?? throw new JsonException("the content is null");
        }
        catch (JsonException ex)
        {
            throw new GrytEnvironmentException($"the sync server sent a {typeof(T).Name.Replace("Content", "", StringComparison.Ordinal).ToLowerInvariant()} gryt cannot read: {ex.Message}", inner: ex);
        }
    }
}
