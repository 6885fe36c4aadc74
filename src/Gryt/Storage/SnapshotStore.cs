using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>A row of the <c>snapshots</c> table; <see cref="File"/> is relative to <c>.gryt/snapshots/</c>.</summary>
internal sealed record StoredSnapshot(string SnapshotId, string? Label, string Reason, DateTimeOffset CreatedAt, string File, long SizeBytes, string Sha256, string Integrity);

/// <summary>SQL for the <c>snapshots</c> table, and the SQLite mechanics of taking and restoring one.</summary>
internal sealed class SnapshotStore(GrytDatabase database)
{
    /// <summary>Records a snapshot; one already recorded (by id) is left as it is.</summary>
    public void Record(SqliteTransaction transaction, StoredSnapshot snapshot)
    {
        using var command = database.Command(
            """
            INSERT OR IGNORE INTO snapshots (snapshot_id, label, path, reason, created_at, size_bytes, sha256, integrity)
            VALUES ($id, $label, $path, $reason, $created, $size, $sha, $integrity)
            """, transaction)
            .With("$id", snapshot.SnapshotId).With("$label", snapshot.Label).With("$path", snapshot.File).With("$reason", snapshot.Reason)
            .With("$created", Timestamps.Format(snapshot.CreatedAt)).With("$size", snapshot.SizeBytes).With("$sha", snapshot.Sha256).With("$integrity", snapshot.Integrity);
        command.ExecuteNonQuery();
    }

    public HashSet<string> RecordedIds()
    {
        using var command = database.Command("SELECT snapshot_id FROM snapshots");
        using var reader = command.ExecuteReader();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Rows of the table with no sidecar file (their metadata survives only here).</summary>
    public List<StoredSnapshot> Recorded()
    {
        using var command = database.Command("SELECT snapshot_id, label, path, reason, created_at, size_bytes, sha256, integrity FROM snapshots");
        using var reader = command.ExecuteReader();
        var list = new List<StoredSnapshot>();
        while (reader.Read())
        {
            list.Add(new StoredSnapshot(reader.GetString(0), reader.GetNullableString(1), reader.GetString(3), Timestamps.Parse(reader.GetString(4)),
                reader.GetString(2), reader.IsDBNull(5) ? 0 : reader.GetInt64(5), reader.GetNullableString(6) ?? "", reader.GetNullableString(7) ?? ""));
        }

        return list;
    }

    /// <summary>Copies the live database into a new file with the online backup API; a consistent
    /// copy even while other processes write. The copy uses a rollback journal so it is one file.</summary>
    public (string Integrity, int SchemaVersion, string? AuditHead, long AuditEvents) BackupTo(string path)
    {
        using var target = Open(path, SqliteOpenMode.ReadWriteCreate);
        database.Connection.BackupDatabase(target);
        Execute(target, "PRAGMA journal_mode = DELETE");
        var integrity = IntegrityCheck(target);
        if (integrity != "ok") return (integrity, 0, null, 0);
        return (integrity, SchemaVersionOf(target), Scalar(target, "SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1") as string,
            Convert.ToInt64(Scalar(target, "SELECT count(*) FROM audit_events"), CultureInfo.InvariantCulture));
    }

    /// <summary>Checks a snapshot file without changing it: integrity and whether it holds a gryt schema this build can use.</summary>
    public static (string Integrity, int SchemaVersion, bool GrytSchema) Inspect(string path)
    {
        using var source = Open(path, SqliteOpenMode.ReadOnly);
        var integrity = IntegrityCheck(source);
        var version = SchemaVersionOf(source);
        var tables = Convert.ToInt64(Scalar(source,
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('generations', 'generation_changes', 'evolutions', 'audit_events', 'snapshots')"), CultureInfo.InvariantCulture);
        return (integrity, version, tables == 5);
    }

    /// <summary>Replaces the live database's content with the snapshot's through the backup API, so
    /// that SQLite's locks protect other processes (a file copy under an open database would not).</summary>
    public void RestoreFrom(string path)
    {
        using var source = Open(path, SqliteOpenMode.ReadOnly);
        source.BackupDatabase(database.Connection);
    }

    /// <summary>Copies a snapshot into a new database file with the backup API: in WAL mode like every
    /// gryt database when it will become the live one, else with a rollback journal (one file).</summary>
    public static void RestoreInto(string snapshotPath, string databasePath, bool wal = true)
    {
        using var source = Open(snapshotPath, SqliteOpenMode.ReadOnly);
        using var target = Open(databasePath, SqliteOpenMode.ReadWriteCreate);
        source.BackupDatabase(target);
        Execute(target, wal ? "PRAGMA journal_mode = WAL" : "PRAGMA journal_mode = DELETE");
    }

    /// <summary>The releases the database records as drafts: version and release tag.</summary>
    public List<(string Version, string Tag)> DraftReleases()
    {
        using var command = database.Command("SELECT version, tag_prefix, tag_format FROM generations WHERE status = 'draft' ORDER BY version_key");
        using var reader = command.ExecuteReader();
        var list = new List<(string, string)>();
        while (reader.Read()) list.Add((reader.GetString(0), TagFormat.Of(reader.GetString(1), reader.GetString(2)).Release(SemanticVersion.Parse(reader.GetString(0)))));
        return list;
    }

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            Pooling = false,
            DefaultTimeout = (int)GrytDatabase.BusyTimeout.TotalSeconds,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static string IntegrityCheck(SqliteConnection connection)
    {
        var problems = new List<string>();
        try
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            using var reader = command.ExecuteReader();
            while (reader.Read() && problems.Count < 5) problems.Add(reader.GetString(0));
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 11 or 26)
        {
            // Damage bad enough that the check itself stops: that is its result.
            problems.Add(GrytDatabase.Short(ex));
        }

        return problems.Count == 0 ? "malformed" : string.Join("; ", problems);
    }

    private static int SchemaVersionOf(SqliteConnection connection) =>
        Convert.ToInt32(Scalar(connection, "PRAGMA user_version"), CultureInfo.InvariantCulture);

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
