using Npgsql;

namespace Gryt.Server.Tests.TestSupport;

/// <summary>
/// The stores a server test runs against: SQLite always; PostgreSQL when <c>GRYT_TEST_POSTGRES</c>
/// names a server (scripts/postgres.sh start, as .ci/run does). When it does not, the theories run
/// on SQLite only and <see cref="PostgresFactAttribute"/> tests show the skip with its reason.
/// </summary>
internal static class Stores
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgresql";

    public static string? PostgresConnection => Environment.GetEnvironmentVariable("GRYT_TEST_POSTGRES") is { Length: > 0 } value ? value : null;

    public const string PostgresSkipReason = "PostgreSQL tests need GRYT_TEST_POSTGRES: run `eval \"$(bash scripts/postgres.sh start)\"` first (.ci/run does)";

    public static TheoryData<string> All()
    {
        var data = new TheoryData<string> { Sqlite };
        if (PostgresConnection is not null) data.Add(Postgres);
        return data;
    }

    /// <summary>A fresh PostgreSQL database of its own, dropped on dispose.</summary>
    public static async Task<PostgresDatabase> NewPostgresAsync()
    {
        var admin = PostgresConnection ?? throw new InvalidOperationException(PostgresSkipReason);
        var name = "gryt_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgresDatabase(admin, name, builder.ConnectionString);
    }
}

internal sealed class PostgresDatabase(string admin, string name, string connectionString) : IAsyncDisposable
{
    public string ConnectionString { get; } = connectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>A test that needs PostgreSQL: skipped, with the reason, when <c>GRYT_TEST_POSTGRES</c> is unset.</summary>
internal sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (Stores.PostgresConnection is null) Skip = Stores.PostgresSkipReason;
    }
}
