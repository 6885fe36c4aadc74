using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>An evolution as sync sends it: its generation named by version, its changes in contract order.</summary>
internal sealed record SyncEvolutionRow(
    string EvolutionId, string Version, int RcNumber, string Tag, string Status, string? PipelineName, string? RunId,
    string? CommitSha, string StartedAt, string? CompletedAt, string? CreatedBy, string? Reason, IReadOnlyList<string> ChangeIds);

internal sealed record SyncRunRow(
    string RunId, string PipelineName, string Status, string? EvolutionId, string? CommitSha, bool Dirty, string StartedAt,
    string? EndedAt, int? ExitCode, string? Host, string? CiUrl, string? Actor);

internal sealed record SyncStepRunRow(
    string StepRunId, string RunId, string StepName, string Status, int? ExitCode, int Attempts, string? StartedAt,
    string? EndedAt, long? DurationMs, string? OutputTail, string? Command);

internal sealed record SyncDataRow(
    string DataRowId, string? Version, string? EvolutionId, string? RunId, string? StepName, string? MetricName,
    double? MetricValue, string? ArtifactPath, string? Source, string CreatedAt);

/// <summary>An artifact a run's step recorded, with the digest taken when the step ended.</summary>
internal sealed record SyncArtifactRow(string DataRowId, string RunId, string? StepName, string Path, long? Size, string Sha256, string? Source, string CreatedAt);

/// <summary>A run with what its live progress sends: its evolution (when bound), its steps with their log files, its metrics.</summary>
internal sealed record SyncLiveRun(SyncEvolutionRow? Evolution, SyncRunRow Run, IReadOnlyList<(SyncStepRunRow Step, string? LogPath)> Steps, IReadOnlyList<SyncDataRow> Metrics);

/// <summary>What sync remembers of one generation: the server revision and the file hash last pushed or pulled.</summary>
internal sealed record SyncGenerationState(string Version, int? ServerRevision, string? SyncedSha256, string? LastPushedAt, string? LastPulledAt);

/// <summary>
/// SQL of <c>gryt sync</c>: reading the records it pushes (only the columns the protocol carries),
/// writing the records it pulls (never over a finished local record, never deleting one), and its
/// own state (per generation, per record, the feed cursor).
/// </summary>
internal sealed class SyncStore(GrytDatabase database)
{
    private const string EvolutionColumns =
        "e.evolution_id, g.version, e.rc_number, e.tag, e.status, e.pipeline_name, e.run_id, e.commit_sha, e.started_at, e.completed_at, e.created_by, e.reason, " +
        "(SELECT group_concat(change_id, ',') FROM (SELECT ec.change_id FROM evolution_changes ec LEFT JOIN generation_changes gc ON gc.generation_id = ec.generation_id AND gc.change_id = ec.change_id WHERE ec.evolution_id = e.evolution_id ORDER BY gc.position, ec.change_id))";

    private const string RunColumns = "r.run_id, r.pipeline_name, r.status, r.evolution_id, r.commit_sha, r.dirty, r.started_at, r.ended_at, r.exit_code, r.host, r.ci_url, r.actor";
    private const string StepColumns = "s.step_run_id, s.run_id, s.step_name, s.status, s.exit_code, s.attempts, s.started_at, s.ended_at, s.duration_ms, s.output_tail, s.command";
    private const string DataColumns = "d.data_row_id, g.version, d.evolution_id, d.run_id, d.step_name, d.metric_name, d.metric_value, d.artifact_path, d.source, d.created_at";

    /// <summary>Evolutions (of <paramref name="version"/> when given), oldest first.</summary>
    public List<SyncEvolutionRow> Evolutions(string? version)
    {
        using var command = database.Command(
            $"SELECT {EvolutionColumns} FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE ($v IS NULL OR g.version = $v) AND e.imported_from IS NULL ORDER BY e.started_at, e.rowid")
            .With("$v", version);
        return ReadAll(command, EvolutionRow);
    }

    /// <summary>Runs (bound to an evolution of <paramref name="version"/> when given), oldest first.</summary>
    public List<SyncRunRow> Runs(string? version)
    {
        using var command = database.Command(
            $"""
            SELECT {RunColumns} FROM pipeline_runs r
            WHERE $v IS NULL OR r.evolution_id IN (SELECT e.evolution_id FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE g.version = $v)
            ORDER BY r.started_at, r.rowid
            """).With("$v", version);
        return ReadAll(command, RunRow);
    }

    public List<SyncStepRunRow> StepRuns(string? version)
    {
        using var command = database.Command(
            $"""
            SELECT {StepColumns} FROM step_runs s JOIN pipeline_runs r ON r.run_id = s.run_id
            WHERE $v IS NULL OR r.evolution_id IN (SELECT e.evolution_id FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE g.version = $v)
            ORDER BY r.started_at, s.rowid
            """).With("$v", version);
        return ReadAll(command, StepRunRow);
    }

    public List<SyncDataRow> DataRows(string? version)
    {
        using var command = database.Command(
            $"SELECT {DataColumns} FROM data_rows d LEFT JOIN generations g ON g.generation_id = d.generation_id WHERE $v IS NULL OR g.version = $v ORDER BY d.created_at, d.rowid")
            .With("$v", version);
        return ReadAll(command, DataRow);
    }

    /// <summary>The artifacts recorded with a digest, oldest first (rows pulled from the server, or recorded before digests were, have none).</summary>
    public List<SyncArtifactRow> Artifacts()
    {
        using var command = database.Command(
            "SELECT data_row_id, run_id, step_name, artifact_path, artifact_size, artifact_sha256, source, created_at FROM data_rows " +
            "WHERE artifact_path IS NOT NULL AND artifact_sha256 IS NOT NULL AND run_id IS NOT NULL ORDER BY created_at, rowid");
        return ReadAll(command, r => new SyncArtifactRow(
            r.GetString(0), r.GetString(1), r.GetNullableString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetInt64(4), r.GetString(5), r.GetNullableString(6), r.GetString(7)));
    }

    /// <summary>The content hash of every record last pushed or pulled, by (kind, id).</summary>
    public Dictionary<(string Kind, string Id), string> RecordHashes()
    {
        using var command = database.Command("SELECT kind, record_id, sha256 FROM sync_records");
        using var reader = command.ExecuteReader();
        var hashes = new Dictionary<(string, string), string>();
        while (reader.Read()) hashes[(reader.GetString(0), reader.GetString(1))] = reader.GetString(2);
        return hashes;
    }

    public void SetRecordHash(SqliteTransaction transaction, string kind, string id, string sha256)
    {
        using var command = database.Command(
            "INSERT INTO sync_records (kind, record_id, sha256) VALUES ($k, $id, $h) ON CONFLICT (kind, record_id) DO UPDATE SET sha256 = excluded.sha256",
            transaction).With("$k", kind).With("$id", id).With("$h", sha256);
        command.ExecuteNonQuery();
    }

    public List<SyncGenerationState> GenerationStates()
    {
        using var command = database.Command(
            "SELECT resource_id, server_revision, synced_sha256, last_pushed_at, last_pulled_at FROM sync_state WHERE resource_type = 'generation'");
        return ReadAll(command, r => new SyncGenerationState(
            r.GetString(0), r.IsDBNull(1) ? null : r.GetInt32(1), r.GetNullableString(2), r.GetNullableString(3), r.GetNullableString(4)));
    }

    /// <summary>Records that <paramref name="version"/> is at <paramref name="serverRevision"/> with file hash <paramref name="sha256"/> on both sides.</summary>
    public void SetGenerationState(SqliteTransaction transaction, string version, int serverRevision, string sha256, DateTimeOffset now, bool pushed)
    {
        using var command = database.Command(
            $"""
            INSERT INTO sync_state (resource_type, resource_id, local_revision, server_revision, status, synced_sha256, {(pushed ? "last_pushed_at" : "last_pulled_at")})
            VALUES ('generation', $v, (SELECT revision FROM generations WHERE version = $v), $rev, 'synced', $sha, $now)
            ON CONFLICT (resource_type, resource_id) DO UPDATE SET
                local_revision = excluded.local_revision, server_revision = excluded.server_revision, status = 'synced',
                synced_sha256 = excluded.synced_sha256, {(pushed ? "last_pushed_at" : "last_pulled_at")} = excluded.{(pushed ? "last_pushed_at" : "last_pulled_at")}
            """, transaction).With("$v", version).With("$rev", serverRevision).With("$sha", sha256).With("$now", Timestamps.Format(now));
        command.ExecuteNonQuery();
    }

    public long? Cursor(string server, string project)
    {
        using var command = database.Command("SELECT next_since FROM sync_cursors WHERE server = $s AND project = $p").With("$s", server).With("$p", project);
        return command.ExecuteScalar() is long value ? value : null;
    }

    public void SetCursor(SqliteTransaction transaction, string server, string project, long nextSince)
    {
        using var command = database.Command(
            "INSERT INTO sync_cursors (server, project, next_since) VALUES ($s, $p, $n) ON CONFLICT (server, project) DO UPDATE SET next_since = excluded.next_since",
            transaction).With("$s", server).With("$p", project).With("$n", nextSince);
        command.ExecuteNonQuery();
    }

    /// <summary>References between pulled rows (an evolution's run, a run's evolution) are checked at commit, not per row.</summary>
    public void DeferForeignKeys(SqliteTransaction transaction)
    {
        using var command = database.Command("PRAGMA defer_foreign_keys = ON", transaction);
        command.ExecuteNonQuery();
    }

    /// <summary>The status of a local record (null: not here), to apply a pulled one only as a lifecycle step forward.</summary>
    public string? LocalStatus(SqliteTransaction transaction, string kind, string id)
    {
        var (table, key) = kind switch
        {
            "evolution" => ("evolutions", "evolution_id"),
            "run" => ("pipeline_runs", "run_id"),
            "step_run" => ("step_runs", "step_run_id"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "records of this kind have no status"),
        };
        using var command = database.Command($"SELECT status FROM {table} WHERE {key} = $id", transaction).With("$id", id);
        return command.ExecuteScalar() as string;
    }

    /// <summary>
    /// Drops a local evolution of <paramref name="version"/> with rc number <paramref name="rcNumber"/> that was only
    /// rebuilt from its git tag (<c>imported_from</c>), so that the recorded original pulled from the server takes its place.
    /// </summary>
    public void DropImported(SqliteTransaction transaction, string version, int rcNumber)
    {
        const string Imported =
            "SELECT e.evolution_id FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE g.version = $v AND e.rc_number = $n AND e.imported_from IS NOT NULL";
        using var changes = database.Command($"DELETE FROM evolution_changes WHERE evolution_id IN ({Imported})", transaction).With("$v", version).With("$n", rcNumber);
        changes.ExecuteNonQuery();
        using var evolutions = database.Command($"DELETE FROM evolutions WHERE evolution_id IN ({Imported})", transaction).With("$v", version).With("$n", rcNumber);
        evolutions.ExecuteNonQuery();
    }

    /// <summary>The local evolution holding rc number <paramref name="rcNumber"/> of <paramref name="version"/>, other than <paramref name="evolutionId"/>.</summary>
    public string? RcHolder(SqliteTransaction transaction, string version, int rcNumber, string evolutionId)
    {
        using var command = database.Command(
            "SELECT e.evolution_id FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE g.version = $v AND e.rc_number = $n AND e.evolution_id <> $id",
            transaction).With("$v", version).With("$n", rcNumber).With("$id", evolutionId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Inserts a pulled evolution, or moves a local open one to the pulled state. Changes the local contract lacks are left out.</summary>
    public void UpsertEvolution(SqliteTransaction transaction, SyncEvolutionRow e)
    {
        using (var command = database.Command(
            """
            INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, pipeline_name, run_id, commit_sha, started_at, completed_at, created_by, reason)
            VALUES ($id, (SELECT generation_id FROM generations WHERE version = $v), $n, $tag, $status, $pipeline, $run, $sha, $started, $completed, $by, $reason)
            ON CONFLICT (evolution_id) DO UPDATE SET status = excluded.status, pipeline_name = excluded.pipeline_name, run_id = excluded.run_id,
                commit_sha = excluded.commit_sha, completed_at = excluded.completed_at, reason = excluded.reason
            """, transaction))
        {
            command.With("$id", e.EvolutionId).With("$v", e.Version).With("$n", e.RcNumber).With("$tag", e.Tag).With("$status", e.Status)
                .With("$pipeline", e.PipelineName).With("$run", e.RunId).With("$sha", e.CommitSha).With("$started", e.StartedAt)
                .With("$completed", e.CompletedAt).With("$by", e.CreatedBy).With("$reason", e.Reason);
            command.ExecuteNonQuery();
        }

        foreach (var changeId in e.ChangeIds)
        {
            using var change = database.Command(
                """
                INSERT OR IGNORE INTO evolution_changes (evolution_id, generation_id, change_id)
                SELECT $e, gc.generation_id, gc.change_id FROM generation_changes gc JOIN generations g ON g.generation_id = gc.generation_id
                WHERE g.version = $v AND gc.change_id = $c
                """, transaction).With("$e", e.EvolutionId).With("$v", e.Version).With("$c", changeId);
            change.ExecuteNonQuery();
        }
    }

    public void UpsertRun(SqliteTransaction transaction, SyncRunRow r)
    {
        using var command = database.Command(
            """
            INSERT INTO pipeline_runs (run_id, pipeline_name, status, evolution_id, commit_sha, dirty, started_at, ended_at, exit_code, host, ci_url, actor)
            VALUES ($id, $name, $status, $evolution, $sha, $dirty, $started, $ended, $exit, $host, $ci, $actor)
            ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, evolution_id = excluded.evolution_id, ended_at = excluded.ended_at, exit_code = excluded.exit_code
            """, transaction)
            .With("$id", r.RunId).With("$name", r.PipelineName).With("$status", r.Status).With("$evolution", r.EvolutionId).With("$sha", r.CommitSha)
            .With("$dirty", r.Dirty ? 1 : 0).With("$started", r.StartedAt).With("$ended", r.EndedAt).With("$exit", r.ExitCode).With("$host", r.Host)
            .With("$ci", r.CiUrl).With("$actor", r.Actor);
        command.ExecuteNonQuery();
    }

    public void UpsertStepRun(SqliteTransaction transaction, SyncStepRunRow s)
    {
        using var command = database.Command(
            """
            INSERT INTO step_runs (step_run_id, run_id, step_name, status, exit_code, attempts, started_at, ended_at, duration_ms, output_tail, command)
            VALUES ($id, $run, $name, $status, $exit, $attempts, $started, $ended, $ms, $tail, $command)
            ON CONFLICT (step_run_id) DO UPDATE SET status = excluded.status, exit_code = excluded.exit_code, attempts = excluded.attempts,
                started_at = excluded.started_at, ended_at = excluded.ended_at, duration_ms = excluded.duration_ms, output_tail = excluded.output_tail
            """, transaction)
            .With("$id", s.StepRunId).With("$run", s.RunId).With("$name", s.StepName).With("$status", s.Status).With("$exit", s.ExitCode)
            .With("$attempts", s.Attempts).With("$started", s.StartedAt).With("$ended", s.EndedAt).With("$ms", s.DurationMs)
            .With("$tail", s.OutputTail).With("$command", s.Command);
        command.ExecuteNonQuery();
    }

    public void InsertDataRow(SqliteTransaction transaction, SyncDataRow d)
    {
        using var command = database.Command(
            """
            INSERT OR IGNORE INTO data_rows (data_row_id, generation_id, evolution_id, run_id, step_name, metric_name, metric_value, artifact_path, source, created_at)
            VALUES ($id, (SELECT generation_id FROM generations WHERE version = $v), $evolution, $run, $step, $metric, $value, $artifact, $source, $at)
            """, transaction)
            .With("$id", d.DataRowId).With("$v", d.Version).With("$evolution", d.EvolutionId).With("$run", d.RunId).With("$step", d.StepName)
            .With("$metric", d.MetricName).With("$value", d.MetricValue).With("$artifact", d.ArtifactPath).With("$source", d.Source).With("$at", d.CreatedAt);
        command.ExecuteNonQuery();
    }

    /// <summary>Another clone's audit event, kept beside this clone's chain (sync_audit_events).</summary>
    public void InsertRemoteAuditEvent(SqliteTransaction transaction, StoredAuditEvent e)
    {
        using var command = database.Command(
            """
            INSERT OR IGNORE INTO sync_audit_events (event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash)
            VALUES ($id, $ts, $type, $rtype, $rid, $action, $actor, $details, $prev, $hash)
            """, transaction)
            .With("$id", e.EventId).With("$ts", e.Timestamp).With("$type", e.EventType).With("$rtype", e.ResourceType).With("$rid", e.ResourceId)
            .With("$action", e.Action).With("$actor", e.Actor).With("$details", e.DetailsJson).With("$prev", e.PrevHash).With("$hash", e.Hash);
        command.ExecuteNonQuery();
    }

    /// <summary>Whether the event is this clone's own (in its chain).</summary>
    public bool IsOwnAuditEvent(SqliteTransaction transaction, string eventId)
    {
        using var command = database.Command("SELECT EXISTS (SELECT 1 FROM audit_events WHERE event_id = $id)", transaction).With("$id", eventId);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Marks a draft promoted as the server recorded it (the tag comes from git, made by the promoter).</summary>
    /// <returns>Whether a draft was promoted (false when it already was).</returns>
    public bool MarkPromoted(SqliteTransaction transaction, string version, string promotedAt, string promotedBy, string commitSha)
    {
        using var command = database.Command(
            "UPDATE generations SET status = 'promoted', promoted_at = $at, promoted_by = $by, promoted_commit = $sha, updated_at = $at WHERE version = $v AND status = 'draft'",
            transaction).With("$v", version).With("$at", promotedAt).With("$by", promotedBy).With("$sha", commitSha);
        return command.ExecuteNonQuery() > 0;
    }

    /// <summary>
    /// One run as its live progress sends it (the run, its evolution, its steps with their log files,
    /// its metrics), read on <paramref name="connection"/>: a read-only connection of the pusher's own,
    /// so reading never waits for (or holds up) the runner's writes. Null when the run is not recorded yet.
    /// </summary>
    public static SyncLiveRun? LiveRun(SqliteConnection connection, string runId)
    {
        var run = ReadAll(On(connection, $"SELECT {RunColumns} FROM pipeline_runs r WHERE r.run_id = $r").With("$r", runId), RunRow);
        if (run.Count == 0) return null;
        var evolution = run[0].EvolutionId is null ? [] : ReadAll(
            On(connection, $"SELECT {EvolutionColumns} FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE e.evolution_id = $e")
                .With("$e", run[0].EvolutionId), EvolutionRow);
        var steps = ReadAll(On(connection, $"SELECT {StepColumns}, s.log_path FROM step_runs s WHERE s.run_id = $r ORDER BY s.rowid").With("$r", runId),
            r => (StepRunRow(r), r.GetNullableString(11)));
        var data = ReadAll(
            On(connection, $"SELECT {DataColumns} FROM data_rows d LEFT JOIN generations g ON g.generation_id = d.generation_id WHERE d.run_id = $r AND d.metric_name IS NOT NULL ORDER BY d.created_at, d.rowid")
                .With("$r", runId), DataRow);
        return new SyncLiveRun(evolution.FirstOrDefault(), run[0], steps, data);
    }

    private static SqliteCommand On(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static SyncEvolutionRow EvolutionRow(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetNullableString(5), r.GetNullableString(6),
        r.GetNullableString(7), r.GetString(8), r.GetNullableString(9), r.GetNullableString(10), r.GetNullableString(11),
        r.IsDBNull(12) ? [] : r.GetString(12).Split(','));

    private static SyncRunRow RunRow(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetNullableString(3), r.GetNullableString(4), r.GetInt64(5) != 0, r.GetString(6),
        r.GetNullableString(7), r.IsDBNull(8) ? null : r.GetInt32(8), r.GetNullableString(9), r.GetNullableString(10), r.GetNullableString(11));

    private static SyncStepRunRow StepRunRow(SqliteDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.IsDBNull(4) ? null : r.GetInt32(4), r.GetInt32(5),
        r.GetNullableString(6), r.GetNullableString(7), r.IsDBNull(8) ? null : r.GetInt64(8), r.GetNullableString(9), r.GetNullableString(10));

    private static SyncDataRow DataRow(SqliteDataReader r) => new(
        r.GetString(0), r.GetNullableString(1), r.GetNullableString(2), r.GetNullableString(3), r.GetNullableString(4), r.GetNullableString(5),
        r.IsDBNull(6) ? null : r.GetDouble(6), r.GetNullableString(7), r.GetNullableString(8), r.GetString(9));

    private static List<T> ReadAll<T>(SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        using (command)
        {
            using var reader = command.ExecuteReader();
            var list = new List<T>();
            while (reader.Read()) list.Add(read(reader));
            return list;
        }
    }
}
