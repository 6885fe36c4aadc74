using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gryt.Bench;

/// <summary>
/// Writes a realistic history straight into a gryt database: each generation has five changes
/// and two evolutions (one passed, one failed), so list queries do their real joins.
/// </summary>
internal static class Seeder
{
    public static void Seed(string databasePath, int generations)
    {
        if (generations == 0) return;
        using var connection = new SqliteConnection($"Data Source={databasePath};Foreign Keys=True");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var now = DateTime.UtcNow;
        using var generation = Command(connection, transaction,
            "INSERT INTO generations (generation_id, version, version_key, status, created_at, updated_at) VALUES ($id, $v, $k, 'draft', $t, $t)");
        using var change = Command(connection, transaction,
            "INSERT INTO generation_changes (generation_id, change_id, type, title, position) VALUES ($g, $c, 'add', 'A change', $p)");
        using var evolution = Command(connection, transaction,
            "INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at) VALUES ($id, $g, $n, $tag, $s, $t)");
        using var evolutionChange = Command(connection, transaction,
            "INSERT INTO evolution_changes (evolution_id, generation_id, change_id) VALUES ($e, $g, $c)");

        for (var i = 0; i < generations; i++)
        {
            var id = Guid.CreateVersion7().ToString();
            var version = string.Create(CultureInfo.InvariantCulture, $"v{i / 10_000 + 1}.{i / 100 % 100}.{i % 100}");
            var time = now.AddMinutes(i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            Exec(generation, ("$id", id), ("$v", version), ("$k", Gryt.Contracts.SemanticVersion.Parse(version).SortKey), ("$t", time));
            for (var c = 0; c < 5; c++) Exec(change, ("$g", id), ("$c", $"CH-{c}"), ("$p", c));
            for (var n = 1; n <= 2; n++)
            {
                var evolutionId = Guid.CreateVersion7().ToString();
                Exec(evolution, ("$id", evolutionId), ("$g", id), ("$n", n), ("$tag", $"{version}-rc.{n}"), ("$s", n == 1 ? "fail" : "pass"), ("$t", time));
                Exec(evolutionChange, ("$e", evolutionId), ("$g", id), ("$c", "CH-0"));
            }
        }

        transaction.Commit();
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    private static void Exec(SqliteCommand command, params (string Name, object Value)[] parameters)
    {
        command.Parameters.Clear();
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        command.ExecuteNonQuery();
    }
}
