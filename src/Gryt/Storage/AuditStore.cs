using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>One row of <c>audit_events</c> exactly as stored.</summary>
internal sealed record StoredAuditEvent(
    long Seq, string EventId, string Timestamp, string EventType, string ResourceType, string ResourceId,
    string Action, string Actor, string DetailsJson, string PrevHash, string Hash);

/// <summary>The remembered checkpoint of the audit chain (migration 0011): an event a walk verified, when, and when a walk last read the whole chain.</summary>
internal sealed record StoredAuditCheckpoint(long Seq, string Hash, string VerifiedAt, string WholeChainAt);

/// <summary>SQL that reads the audit trail row by row (never all rows at once).</summary>
internal sealed class AuditStore(GrytDatabase database)
{
    private const string Columns = "seq, event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash";

    /// <summary>The hash the next event chains to: the newest event's, or null for an empty log.</summary>
    public string? LastHash(SqliteTransaction transaction)
    {
        using var command = database.Command("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1", transaction);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The newest event of <paramref name="eventType"/> about one resource, or null: found through the resource index, not by a scan.</summary>
    public StoredAuditEvent? Newest(string eventType, string resourceType, string resourceId)
    {
        using var command = database.Command(
            $"SELECT {Columns} FROM audit_events WHERE resource_type = $rtype AND resource_id = $rid AND event_type = $type ORDER BY seq DESC LIMIT 1", null)
            .With("$rtype", resourceType).With("$rid", resourceId).With("$type", eventType);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>The event with this id, or null.</summary>
    public StoredAuditEvent? Find(string eventId)
    {
        using var command = database.Command($"SELECT {Columns} FROM audit_events WHERE event_id = $id", null).With("$id", eventId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Appends <paramref name="e"/> (its <see cref="StoredAuditEvent.Seq"/> is ignored) and returns it as stored, with the seq it was given.</summary>
    public StoredAuditEvent Insert(SqliteTransaction transaction, StoredAuditEvent e)
    {
        using var insert = database.Command(
            """
            INSERT INTO audit_events (event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash)
            VALUES ($id, $ts, $type, $rtype, $rid, $action, $actor, $details, $prev, $hash)
            RETURNING seq
            """, transaction)
            .With("$id", e.EventId).With("$ts", e.Timestamp).With("$type", e.EventType).With("$rtype", e.ResourceType)
            .With("$rid", e.ResourceId).With("$action", e.Action).With("$actor", e.Actor).With("$details", e.DetailsJson)
            .With("$prev", e.PrevHash).With("$hash", e.Hash);
        return e with { Seq = Convert.ToInt64(insert.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) };
    }

    /// <summary>Every event in chain order, streamed.</summary>
    public IEnumerable<StoredAuditEvent> InChainOrder(SqliteTransaction? transaction = null)
    {
        using var command = database.Command($"SELECT {Columns} FROM audit_events ORDER BY seq", transaction);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return Read(reader);
    }

    /// <summary>The events from <paramref name="seq"/> on, in chain order, streamed: a walk from a checkpoint (a range of the primary key, not a scan).</summary>
    public IEnumerable<StoredAuditEvent> FromSeq(long seq, SqliteTransaction? transaction = null)
    {
        using var command = FromSeqCommand(seq, transaction);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return Read(reader);
    }

    internal SqliteCommand FromSeqCommand(long seq, SqliteTransaction? transaction) =>
        database.Command($"SELECT {Columns} FROM audit_events WHERE seq >= $seq ORDER BY seq", transaction).With("$seq", seq);

    /// <summary>The remembered checkpoint of the chain (migration 0011), or null.</summary>
    public StoredAuditCheckpoint? Checkpoint(SqliteTransaction? transaction = null)
    {
        using var command = database.Command("SELECT seq, hash, verified_at, whole_chain_at FROM audit_checkpoint WHERE id = 1", transaction);
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredAuditCheckpoint(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3)) : null;
    }

    /// <summary>Replaces the checkpoint after a whole walk that held.</summary>
    public void SaveCheckpoint(SqliteTransaction transaction, long seq, string hash, string at)
    {
        using var command = database.Command(
            """
            INSERT INTO audit_checkpoint (id, seq, hash, verified_at, whole_chain_at) VALUES (1, $seq, $hash, $at, $at)
            ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, verified_at = excluded.verified_at, whole_chain_at = excluded.whole_chain_at
            """, transaction).With("$seq", seq).With("$hash", hash).With("$at", at);
        command.ExecuteNonQuery();
    }

    /// <summary>Moves the checkpoint to <paramref name="seq"/>, only if it is still the one at <paramref name="fromSeq"/> (another process may have replaced or removed it).</summary>
    public void AdvanceCheckpoint(SqliteTransaction transaction, long fromSeq, string fromHash, long seq, string hash, string at)
    {
        using var command = database.Command(
            "UPDATE audit_checkpoint SET seq = $seq, hash = $hash, verified_at = $at WHERE id = 1 AND seq = $fromSeq AND hash = $fromHash", transaction)
            .With("$seq", seq).With("$hash", hash).With("$at", at).With("$fromSeq", fromSeq).With("$fromHash", fromHash);
        command.ExecuteNonQuery();
    }

    /// <summary>Forgets the checkpoint (a whole walk found the chain broken).</summary>
    public void ClearCheckpoint(SqliteTransaction transaction)
    {
        using var command = database.Command("DELETE FROM audit_checkpoint", transaction);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Events for an export, in chain order: those at or after <paramref name="since"/>, and with
    /// <paramref name="version"/> those about that generation or one of its evolutions.
    /// </summary>
    public IEnumerable<StoredAuditEvent> ForExport(string? since, string? version, SqliteTransaction? transaction = null)
    {
        using var command = ForExportCommand(since, version, transaction);
        using var reader = command.ExecuteReader();
        while (reader.Read()) yield return Read(reader);
    }

    /// <summary>
    /// The query of <see cref="ForExport"/>. One version's events are looked up, never found by
    /// reading the whole log: by resource id (the generation, its evolutions; any resource type)
    /// and by the details' <c>version</c>, through migration 0010's indexes. The details expression
    /// is written exactly as that index's, or SQLite does not use it.
    /// </summary>
    internal SqliteCommand ForExportCommand(string? since, string? version, SqliteTransaction? transaction) => database.Command(
        version is null
            ? $"SELECT {Columns} FROM audit_events a WHERE $since IS NULL OR a.timestamp >= $since ORDER BY a.seq"
            : $"""
              SELECT {Columns} FROM audit_events a
              WHERE a.seq IN (
                      SELECT d.seq FROM audit_events d
                      WHERE (CASE WHEN json_valid(d.details_json) THEN json_extract(d.details_json, '$.version') END) = $version
                      UNION ALL
                      SELECT r.seq FROM audit_events r WHERE r.resource_id IN (SELECT generation_id FROM generations WHERE version = $version)
                      UNION ALL
                      SELECT r.seq FROM audit_events r
                      WHERE r.resource_id IN (SELECT e.evolution_id FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE g.version = $version))
                AND ($since IS NULL OR a.timestamp >= $since)
              ORDER BY a.seq
              """, transaction).With("$since", since).With("$version", version);

    private static StoredAuditEvent Read(SqliteDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
        reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9), reader.GetString(10));
}
