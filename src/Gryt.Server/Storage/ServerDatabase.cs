using System.Data.Common;
using System.Reflection;
using Gryt.Audit;

namespace Gryt.Server.Storage;

/// <summary>
/// The server's database: migrations, and the one shape of a write. A write runs in one
/// transaction that first locks its project's row, so a project's writes take turns even across
/// server processes on one PostgreSQL database, and each takes its feed numbers from the
/// project's counter in that same transaction: feed order is commit order.
/// </summary>
internal sealed class ServerDatabase(SqlDialect dialect)
{
    public SqlDialect Dialect { get; } = dialect;

    public async Task MigrateAsync(CancellationToken token)
    {
        await using var connection = Dialect.CreateConnection();
        await connection.OpenAsync(token);
        if (Dialect is SqliteDialect)
        {
            await Sql.ExecuteAsync(connection, null, "PRAGMA journal_mode = WAL", token);
        }

        await using var transaction = await Dialect.BeginWriteAsync(connection, token);
        await Dialect.LockForMigrationAsync(connection, transaction, token);
        await Sql.ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY)", token);
        var current = Convert.ToInt32(await Sql.ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", token), System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (version, script) in Migrations(Dialect.Name))
        {
            if (version <= current) continue;
            await Sql.ExecuteAsync(connection, transaction, script, token);
            await Sql.ExecuteAsync(connection, transaction, "INSERT INTO schema_version (version) VALUES (@v)", token, ("@v", version));
        }

        await transaction.CommitAsync(token);
    }

    /// <summary>A connection for reads (each statement sees committed data).</summary>
    public async Task<DbConnection> OpenAsync(CancellationToken token)
    {
        var connection = Dialect.CreateConnection();
        await connection.OpenAsync(token);
        return connection;
    }

    /// <summary>Runs <paramref name="work"/> in one transaction holding <paramref name="project"/>'s row; commits
    /// when it returns, rolls back when it throws. Null when the project does not exist.</summary>
    public async Task<T> WriteAsync<T>(string project, Func<ProjectWrite, Task<T>> work, CancellationToken token)
    {
        await using var connection = await OpenAsync(token);
        await using var transaction = await Dialect.BeginWriteAsync(connection, token);
        var rows = await Sql.QueryAsync(connection, transaction, "SELECT seq, audit_seq, audit_head FROM projects WHERE name = @p" + Dialect.ForUpdate, token, ("@p", project));
        if (rows.Count == 0) throw new InvalidOperationException($"project {project} does not exist");
        var write = new ProjectWrite(connection, transaction, project, rows[0].Long("seq"), rows[0].Long("audit_seq"), rows[0].Text("audit_head"));
        var result = await work(write);
        await Sql.ExecuteAsync(connection, transaction, "UPDATE projects SET seq = @s, audit_seq = @a, audit_head = @h WHERE name = @p", token,
            ("@s", write.Seq), ("@a", write.AuditSeq), ("@h", write.AuditHead), ("@p", project));
        await transaction.CommitAsync(token);
        return result;
    }

    /// <summary>Creates the project if it is new (keys create).</summary>
    public async Task EnsureProjectAsync(string project, string now, CancellationToken token)
    {
        await using var connection = await OpenAsync(token);
        await Sql.ExecuteAsync(connection, null,
            "INSERT INTO projects (name, seq, audit_seq, audit_head, created_at) VALUES (@p, 0, 0, @h, @t) ON CONFLICT DO NOTHING", token,
            ("@p", project), ("@h", AuditLog.GenesisHash), ("@t", now));
    }

    private static IEnumerable<(int Version, string Script)> Migrations(string dialect)
    {
        var assembly = typeof(ServerDatabase).Assembly;
        var prefix = $"Gryt.Server.Migrations.{dialect}/";
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var file = name[prefix.Length..];
            var version = int.Parse(file[..file.IndexOf('_', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            yield return (version, reader.ReadToEnd());
        }
    }
}

/// <summary>One write transaction of a project: its connection, the next feed numbers, the audit chain's head.</summary>
internal sealed class ProjectWrite(DbConnection connection, DbTransaction transaction, string project, long seq, long auditSeq, string auditHead)
{
    public DbConnection Connection { get; } = connection;

    public DbTransaction Transaction { get; } = transaction;

    public string Project { get; } = project;

    public long Seq { get; private set; } = seq;

    public long AuditSeq { get; private set; } = auditSeq;

    public string AuditHead { get; private set; } = auditHead;

    public long NextSeq() => ++Seq;

    /// <summary>Moves the audit chain's head past the event just inserted.</summary>
    public void AuditAppended(string hash)
    {
        AuditSeq++;
        AuditHead = hash;
    }

    public Task<int> ExecuteAsync(string sql, CancellationToken token, params (string, object?)[] parameters) =>
        Sql.ExecuteAsync(Connection, Transaction, sql, token, parameters);

    public Task<List<Dictionary<string, object?>>> QueryAsync(string sql, CancellationToken token, params (string, object?)[] parameters) =>
        Sql.QueryAsync(Connection, Transaction, sql, token, parameters);

    public Task<object?> ScalarAsync(string sql, CancellationToken token, params (string, object?)[] parameters) =>
        Sql.ScalarAsync(Connection, Transaction, sql, token, parameters);
}
