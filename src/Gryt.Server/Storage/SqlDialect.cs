using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Gryt.Server.Storage;

/// <summary>
/// What differs between the two stores, and nothing else: how to connect, how a writing
/// transaction starts, how a row is locked, how migrations are serialised. The SQL itself is
/// shared (both speak <c>INSERT … ON CONFLICT DO NOTHING</c> and <c>@name</c> parameters).
/// </summary>
internal abstract class SqlDialect
{
    /// <summary><c>sqlite</c> or <c>postgresql</c>, as <c>/health</c> says; also the migrations folder.</summary>
    public abstract string Name { get; }

    /// <summary>Appended to a SELECT that must lock the rows it reads until commit.</summary>
    public abstract string ForUpdate { get; }

    /// <summary>The text of a top-level field of a JSON text column (<paramref name="field"/> is a constant of the code, never input).</summary>
    public abstract string JsonText(string column, string field);

    /// <summary>Like <see cref="JsonText"/>, but null where the column is not JSON (an edited row) instead of failing the query.</summary>
    public abstract string JsonTextOrNull(string column, string field);

    public abstract DbConnection CreateConnection();

    public abstract Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken token);

    /// <summary>Makes concurrent migrations of one database (several servers starting) wait for each other.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken token);

    /// <summary>A connection string with <c>Host=</c> is PostgreSQL; anything else is a SQLite file path.</summary>
    public static SqlDialect For(string database) =>
        database.Contains("Host=", StringComparison.OrdinalIgnoreCase) && !File.Exists(database)
            ? new PostgresDialect(database)
            : new SqliteDialect(database);
}

internal sealed class SqliteDialect : SqlDialect
{
    private readonly string _connectionString;

    public SqliteDialect(string path)
    {
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = FilePath, Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public string FilePath { get; }

    public override string Name => "sqlite";

    // The write transaction is BEGIN IMMEDIATE: it holds the database's write lock already.
    public override string ForUpdate => "";

    public override string JsonText(string column, string field) => $"json_extract({column}, '$.{field}')";

    public override string JsonTextOrNull(string column, string field) => $"CASE WHEN json_valid({column}) THEN {JsonText(column, field)} END";

    public override DbConnection CreateConnection() => new SqliteConnection(_connectionString);

    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken token)
    {
        var sqlite = (SqliteConnection)connection;
        await using (var pragma = sqlite.CreateCommand())
        {
            pragma.CommandText = "PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
            await pragma.ExecuteNonQueryAsync(token);
        }

        return sqlite.BeginTransaction(deferred: false);
    }

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken token) => Task.CompletedTask;
}

internal sealed class PostgresDialect(string connectionString) : SqlDialect
{
    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public override string Name => "postgresql";

    public override string ForUpdate => " FOR UPDATE";

    public override string JsonText(string column, string field) => $"(({column})::jsonb ->> '{field}')";

    // PostgreSQL 15 has no JSON validity test: gryt_json_text (migration 003) answers null where the cast fails.
    public override string JsonTextOrNull(string column, string field) => $"gryt_json_text({column}, '{field}')";

    public override DbConnection CreateConnection() => _source.CreateConnection();

    // READ COMMITTED: each statement sees what committed before it, and the project row lock
    // (FOR UPDATE) makes a project's writers take turns.
    public override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken token) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, token);

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken token)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_advisory_xact_lock(7268746)";
        await command.ExecuteNonQueryAsync(token);
    }
}
