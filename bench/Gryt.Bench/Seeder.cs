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
            Exec(generation, ("$id", id), ("$v", version), ("$k", SemanticVersion.Parse(version).SortKey), ("$t", time));
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

    /// <summary>
    /// A long history for the export and scale benchmarks: <paramref name="evolutions"/> evolutions (ten per
    /// generation of five changes), each bound to a finished run of <paramref name="steps"/> steps, and one audit event
    /// per evolution chained with gryt's own hash function.
    /// </summary>
    public static void SeedHistory(string databasePath, int evolutions, int steps = 3)
    {
        using var connection = new SqliteConnection($"Data Source={databasePath};Foreign Keys=True");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var start = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        using var generation = Command(connection, transaction,
            "INSERT INTO generations (generation_id, version, version_key, status, pipeline_template, created_at, updated_at, promoted_at) VALUES ($id, $v, $k, 'promoted', 'ci', $t, $t, $t)");
        using var change = Command(connection, transaction,
            "INSERT INTO generation_changes (generation_id, change_id, type, title, position) VALUES ($g, $c, 'add', 'A change with a title of ordinary length', $p)");
        using var run = Command(connection, transaction,
            "INSERT INTO pipeline_runs (run_id, pipeline_name, status, commit_sha, started_at, ended_at, exit_code) VALUES ($id, 'ci', $s, $sha, $t, $t, 0)");
        using var step = Command(connection, transaction,
            "INSERT INTO step_runs (step_run_id, run_id, step_name, status, exit_code, attempts, started_at, ended_at, duration_ms, output_tail) VALUES ($id, $r, $n, $s, 0, 1, $t, $t, 1234, 'ok')");
        using var evolution = Command(connection, transaction,
            "INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, pipeline_name, run_id, commit_sha, started_at, completed_at) VALUES ($id, $g, $n, $tag, $s, 'ci', $r, $sha, $t, $t)");
        using var evolutionChange = Command(connection, transaction,
            "INSERT INTO evolution_changes (evolution_id, generation_id, change_id) VALUES ($e, $g, $c)");
        using var auditEvent = Command(connection, transaction,
            "INSERT INTO audit_events (event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash) VALUES ($id, $t, 'evolution.pass', 'evolution', $e, 'complete', 'bench', $d, $p, $h)");

        var previous = Gryt.Audit.AuditLog.GenesisHash;
        var generationId = "";
        var version = "";
        for (var i = 0; i < evolutions; i++)
        {
            var time = start.AddSeconds(i * 30).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            if (i % 10 == 0)
            {
                var g = i / 10;
                generationId = Guid.CreateVersion7().ToString();
                version = string.Create(CultureInfo.InvariantCulture, $"v{g / 10_000 + 1}.{g / 100 % 100}.{g % 100}");
                Exec(generation, ("$id", generationId), ("$v", version), ("$k", SemanticVersion.Parse(version).SortKey), ("$t", time));
                for (var c = 0; c < 5; c++) Exec(change, ("$g", generationId), ("$c", $"CH-{c}"), ("$p", c));
            }

            var rc = i % 10 + 1;
            var status = rc % 4 == 1 ? "fail" : "pass";
            var sha = Convert.ToHexStringLower(BitConverter.GetBytes((long)i)).PadLeft(40, '0');
            var runId = Guid.CreateVersion7().ToString();
            Exec(run, ("$id", runId), ("$s", status), ("$sha", sha), ("$t", time));
            for (var s = 0; s < steps; s++)
            {
                Exec(step, ("$id", Guid.CreateVersion7().ToString()), ("$r", runId), ("$n", StepNames[s % StepNames.Length] + (s < StepNames.Length ? "" : $"-{s}")), ("$s", status), ("$t", time));
            }

            var evolutionId = Guid.CreateVersion7().ToString();
            var tag = $"{version}-rc.{rc}";
            Exec(evolution, ("$id", evolutionId), ("$g", generationId), ("$n", rc), ("$tag", tag), ("$s", status), ("$r", runId), ("$sha", sha), ("$t", time));
            Exec(evolutionChange, ("$e", evolutionId), ("$g", generationId), ("$c", $"CH-{i % 5}"));

            var eventId = Guid.CreateVersion7().ToString();
            var details = "{\"version\":\"" + version + "\",\"tag\":\"" + tag + "\"}";
            var hash = Gryt.Audit.AuditLog.ComputeHash(previous, eventId, time, "evolution.pass", "evolution", evolutionId, "complete", "bench", details);
            Exec(auditEvent, ("$id", eventId), ("$t", time), ("$e", evolutionId), ("$d", details), ("$p", previous), ("$h", hash));
            previous = hash;
        }

        transaction.Commit();
    }

    private static readonly string[] StepNames = ["build", "test", "package"];

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
