using System.Reflection;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>
/// The project's SQLite database: WAL, foreign keys, a busy timeout so that several gryt
/// processes can share it, and migrations applied in order by <c>PRAGMA user_version</c>.
/// </summary>
internal sealed class GrytDatabase : IDisposable
{
    private static readonly Lazy<IReadOnlyList<(int Version, string Sql)>> Migrations = new(LoadMigrations);

    /// <summary>How long a writer waits for another process's lock before giving up (exit 5).</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(30);

    private SqliteTransaction? _open;
    private int _openThread;
    private readonly string _integrityMarker;

    private GrytDatabase(string path, SqliteConnection connection)
    {
        Path = path;
        Connection = connection;
        _integrityMarker = IntegrityMarkerPath(path);
    }

    public string Path { get; }

    internal SqliteConnection Connection { get; }

    /// <summary>The schema version this build of gryt writes.</summary>
    public static int SchemaVersion => LatestMigration.Value;

    /// <summary>From the resources' names alone: every command checks it, few migrate (their SQL is read then).</summary>
    private static readonly Lazy<int> LatestMigration = new(() => typeof(GrytDatabase).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith(MigrationPrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
        .Max(name => int.Parse(name[MigrationPrefix.Length..].Split('_')[0], System.Globalization.CultureInfo.InvariantCulture)));

    private const string MigrationPrefix = "Gryt.Storage.Migrations.";

    /// <summary>Opens (creating if needed) and migrates the database at <paramref name="path"/>.</summary>
    public static GrytDatabase Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var directory = System.IO.Path.GetDirectoryName(full);
        if (directory is not null && !Directory.Exists(directory))
        {
            throw new GrytEnvironmentException($"cannot open the database at {full}: folder {directory} does not exist");
        }

        if (Directory.Exists(full))
        {
            throw new GrytEnvironmentException($"{full} is not a database: it is a folder", "point GRYT_DB at a database file, or unset it");
        }

        if (KernelPaths.Contains(full))
        {
            throw new GrytEnvironmentException($"{full} is not a database: it is a device or kernel file", "point GRYT_DB at a database file, or unset it");
        }

        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = full,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous = NORMAL;");
            var db = new GrytDatabase(full, connection);
            db.Migrate();
            return db;
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 10 && !StorageFaults.NoSpaceLeft(full))
        {
            // A device such as /dev/null, or a file the disk cannot read: SQLite only says "disk I/O error".
            connection.Dispose();
            throw new GrytEnvironmentException($"{full} is not a database gryt can use: SQLite reports a disk I/O error opening it",
                "point GRYT_DB at a database file (or unset it); if it is .gryt/gryt.db, check the disk", ex);
        }
        catch (SqliteException ex)
        {
            connection.Dispose();
            throw Translate(ex, full);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The file that says a snapshot found this database failing its integrity check;
    /// while it exists every write stops (exit 5) until a rollback restores a sound state.</summary>
    public static string IntegrityMarkerPath(string databasePath) => databasePath + ".integrity-failed";

    /// <summary>What the integrity check reported, when this database is marked as failing it.</summary>
    public string? IntegrityFailure => File.Exists(_integrityMarker) ? ReadMarker(_integrityMarker) : null;

    /// <summary>Stops every later write to this database (see <see cref="IntegrityMarkerPath"/>).</summary>
    internal void MarkIntegrityFailed(string result)
    {
        try
        {
            File.WriteAllText(IntegrityMarkerPath(Path), result + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The failure being reported matters more than the mark; SQLite will report the damage again.
        }
    }

    internal static void ClearIntegrityMark(string databasePath) => File.Delete(IntegrityMarkerPath(databasePath));

    /// <summary>SQLite's plan for <paramref name="query"/> (<c>EXPLAIN QUERY PLAN</c>, one line a step), for tests that pin a query to its indexes.</summary>
    internal IReadOnlyList<string> QueryPlan(SqliteCommand query)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var explain = Command("EXPLAIN QUERY PLAN " + query.CommandText, query.Transaction);
        foreach (SqliteParameter parameter in query.Parameters) explain.With(parameter.ParameterName, parameter.Value);
        using var reader = explain.ExecuteReader();
        var plan = new List<string>();
        while (reader.Read()) plan.Add(reader.GetString(3));
        return plan;
    }

    /// <summary>Runs <paramref name="work"/> in one write transaction taken up front, so that
    /// two processes never both read-then-write the same state. A write transaction started inside
    /// <paramref name="work"/> (on the same thread) is part of this one.</summary>
    public T WriteTransaction<T>(Func<SqliteTransaction, T> work)
    {
        // Called inside another write of this thread: joins it, so both commit (or fail) as one
        // (the outer write checked the integrity mark).
        if (_open is { } open && _openThread == Environment.CurrentManagedThreadId) return work(open);
        if (IntegrityFailure is { } failure)
        {
            throw new DamagedDatabaseException(
                $"the database {Path} failed its integrity check ({failure}); gryt writes nothing to it until it is restored");
        }
        try
        {
            using var transaction = Connection.BeginTransaction(deferred: false);
            _open = transaction;
            _openThread = Environment.CurrentManagedThreadId;
            try
            {
                var result = work(transaction);
                transaction.Commit();
                return result;
            }
            finally
            {
                _open = null;
            }
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 11)
        {
            // SQLite met a damaged page: stop every later write too, not only this one.
            MarkIntegrityFailed(Short(ex));
            throw Translate(ex, Path);
        }
        catch (SqliteException ex)
        {
            throw Translate(ex, Path);
        }
    }

    public void WriteTransaction(Action<SqliteTransaction> work) =>
        WriteTransaction(transaction => { work(transaction); return 0; });

    /// <summary>A second connection to the same file that SQLite itself opens read-only: unlike
    /// <c>PRAGMA query_only</c>, no statement run on it can turn writing back on.</summary>
    internal SqliteConnection OpenReadOnlyConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString());
        try
        {
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA query_only = 1;");
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = Connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    public void Dispose() => Connection.Dispose();

    /// <summary>Turns SQLite failures users can act on (locked, damaged, read-only) into gryt errors.</summary>
    public static Exception Translate(SqliteException ex, string path) => ex.SqliteErrorCode switch
    {
        5 or 6 => new GrytEnvironmentException(
            $"the database {path} is locked by another process (waited {BusyTimeout.TotalSeconds:0} s)",
            "another gryt may be running a long write; try again when it has finished", ex),
        11 or 26 => new DamagedDatabaseException(
            $"the database {path} is damaged or not a database: {Short(ex)}",
            "restore a snapshot: gryt audit list-snapshots, then gryt audit rollback ID (or move the file away)", ex),
        13 => DiskFull(path, ex),
        10 when StorageFaults.NoSpaceLeft(path) => DiskFull(path, ex),
        10 => new GrytEnvironmentException($"disk I/O error on the database {path}: {Short(ex)}", "check the disk that holds it", ex),
        3 or 8 or 14 or 23 => new GrytEnvironmentException($"cannot write the database {path}: {Short(ex)}", null, ex),
        _ => ex,
    };

    private static GrytEnvironmentException DiskFull(string path, SqliteException ex) =>
        new($"disk full: cannot write the database {path} ({Short(ex)})",
            "free some space on that disk and run the command again", ex);

    /// <summary>SQLite's message without the link SQLite appends to some of them.</summary>
    internal static string Short(SqliteException ex)
    {
        var text = ex.Message;
        var link = text.IndexOf(" For more information", StringComparison.Ordinal);
        if (link < 0) return text.TrimEnd('.', ' ');
        // The link sat inside SQLite's quotes: close them again.
        var cut = text[..link].TrimEnd('.', ' ');
        return cut.Count(c => c == '\'') % 2 == 1 ? cut + "'" : cut;
    }

    private static string ReadMarker(string marker)
    {
        try
        {
            return File.ReadAllText(marker).Trim() is { Length: > 0 } text ? text.ReplaceLineEndings(" ") : "failed";
        }
        catch (IOException)
        {
            return "failed";
        }
    }

    /// <summary>After a snapshot replaced the content, brings an older schema up to date.</summary>
    internal void MigrateAfterRestore() => Migrate();

    private void Migrate()
    {
        var current = Convert.ToInt32(Scalar(Connection, "PRAGMA user_version"), System.Globalization.CultureInfo.InvariantCulture);
        var latest = SchemaVersion;
        if (current > latest)
        {
            throw new GrytEnvironmentException(
                $"the database {Path} has schema version {current}, newer than this gryt understands ({latest})",
                "upgrade gryt to use this database");
        }

        if (current == latest) return;

        // WAL is a property of the file: set once, kept by every later open.
        Execute(Connection, "PRAGMA journal_mode = WAL;");
        using var transaction = Connection.BeginTransaction(deferred: false);
        // Re-read inside the lock: another process may have migrated meanwhile.
        current = Convert.ToInt32(Scalar(Connection, "PRAGMA user_version", transaction), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, sql) in Migrations.Value)
        {
            if (version <= current) continue;
            Execute(Connection, sql, transaction);
            Execute(Connection, $"PRAGMA user_version = {version};", transaction);
        }

        // A migration may edit sqlite_schema directly (0003); a new schema cookie makes every
        // connection, this one included, parse the schema again.
        var cookie = Convert.ToInt64(Scalar(Connection, "PRAGMA schema_version", transaction), System.Globalization.CultureInfo.InvariantCulture);
        Execute(Connection, $"PRAGMA schema_version = {cookie + 1};", transaction);

        transaction.Commit();
    }

    private static List<(int Version, string Sql)> LoadMigrations()
    {
        const string prefix = MigrationPrefix;
        var assembly = typeof(GrytDatabase).Assembly;
        var list = new List<(int, string)>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal)) continue;
            var number = name[prefix.Length..].Split('_')[0];
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            list.Add((int.Parse(number, System.Globalization.CultureInfo.InvariantCulture), reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Item1 != i + 1) throw new InvalidOperationException($"migration {i + 1} is missing from the build");
        }

        return list;
    }

    private static void Execute(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static object? Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command.ExecuteScalar();
    }
}
