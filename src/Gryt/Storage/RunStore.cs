using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>A run that was still marked running in the database.</summary>
internal sealed record OpenRun(string RunId, string? Host, int? Pid);

/// <summary>An evolution still marked running although its latest run has ended, and that run's process.</summary>
internal sealed record UnfinishedEvolution(string EvolutionId, string RunId, string? Host, int? Pid);

/// <summary>SQL for pipeline runs, their steps, the metrics they record and hook deliveries.</summary>
internal sealed class RunStore(GrytDatabase database)
{
    public void CreateRun(
        string runId, string pipelineName, string? pipelinePath, string? evolutionId, string? commitSha, bool dirty,
        DateTimeOffset startedAt, string host, int pid, string? actor, string? ciUrl, IEnumerable<(string StepRunId, string StepName, string? Command)> steps)
    {
        database.WriteTransaction(transaction =>
        {
            using (var command = database.Command(
                """
                INSERT INTO pipeline_runs (run_id, pipeline_name, pipeline_path, status, evolution_id, commit_sha, dirty, started_at, host, pid, actor, ci_url)
                VALUES ($run, $name, $path, 'running', $evolution, $sha, $dirty, $started, $host, $pid, $actor, $ci)
                """, transaction))
            {
                command.With("$run", runId).With("$name", pipelineName).With("$path", pipelinePath).With("$evolution", evolutionId)
                    .With("$sha", commitSha).With("$dirty", dirty ? 1 : 0).With("$started", Timestamps.Format(startedAt))
                    .With("$host", host).With("$pid", pid).With("$actor", actor).With("$ci", ciUrl);
                command.ExecuteNonQuery();
            }

            using var insert = database.Command(
                "INSERT INTO step_runs (step_run_id, run_id, step_name, status, command) VALUES ($id, $run, $name, 'pending', $command)", transaction);
            var id = insert.CreateParameter();
            id.ParameterName = "$id";
            insert.Parameters.Add(id);
            var name = insert.CreateParameter();
            name.ParameterName = "$name";
            insert.Parameters.Add(name);
            var stepCommand = insert.CreateParameter();
            stepCommand.ParameterName = "$command";
            insert.Parameters.Add(stepCommand);
            insert.With("$run", runId);
            foreach (var (stepRunId, stepName, command) in steps)
            {
                id.Value = stepRunId;
                name.Value = stepName;
                stepCommand.Value = (object?)command ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
        });
    }

    public void StepStarted(string stepRunId, DateTimeOffset startedAt, string? logPath)
    {
        database.WriteTransaction(transaction =>
        {
            var command = Kept(ref _stepStarted, "UPDATE step_runs SET status = 'running', started_at = $at, log_path = $log WHERE step_run_id = $id", transaction);
            command.Parameters.Clear();
            command.With("$id", stepRunId).With("$at", Timestamps.Format(startedAt)).With("$log", logPath).ExecuteNonQuery();
        });
    }

    public void StepEnded(string stepRunId, StepStatus status, int? exitCode, int attempts, DateTimeOffset? endedAt, long? durationMs, string? outputTail)
    {
        database.WriteTransaction(transaction =>
        {
            var command = Kept(ref _stepEnded,
                """
                UPDATE step_runs SET status = $status, exit_code = $exit, attempts = $attempts, ended_at = $ended,
                                     duration_ms = $duration, output_tail = $tail
                WHERE step_run_id = $id
                """, transaction);
            command.Parameters.Clear();
            command.With("$id", stepRunId).With("$status", status.ToWord()).With("$exit", exitCode).With("$attempts", attempts)
                .With("$ended", endedAt is null ? null : Timestamps.Format(endedAt.Value)).With("$duration", durationMs)
                .With("$tail", outputTail)
                .ExecuteNonQuery();
        });
    }

    // A run writes each step's start and end: those two statements are prepared once per store
    // (SQLite parses nothing again), in whatever transaction is open; the connection's close disposes them.
    private SqliteCommand? _stepStarted;
    private SqliteCommand? _stepEnded;

    private SqliteCommand Kept(ref SqliteCommand? kept, string sql, SqliteTransaction transaction)
    {
        kept ??= database.Command(sql);
        kept.Transaction = transaction;
        return kept;
    }

    public void EndRun(string runId, RunStatus status, DateTimeOffset endedAt, int exitCode)
    {
        database.WriteTransaction(transaction =>
        {
            using var command = database.Command(
                "UPDATE pipeline_runs SET status = $status, ended_at = $ended, exit_code = $exit WHERE run_id = $run", transaction)
                .With("$run", runId).With("$status", status.ToWord()).With("$ended", Timestamps.Format(endedAt)).With("$exit", exitCode);
            command.ExecuteNonQuery();
        });
    }

    public void AddDataRow(
        string? runId, string? stepName, string? generationId, string? evolutionId,
        string? metricName, double? metricValue, string? artifactPath, string source, DateTimeOffset at,
        long? artifactSize = null, string? artifactSha256 = null)
    {
        database.WriteTransaction(transaction =>
        {
            using var command = database.Command(
                """
                INSERT INTO data_rows (data_row_id, generation_id, evolution_id, run_id, step_name, metric_name, metric_value, artifact_path, artifact_size, artifact_sha256, source, created_at)
                VALUES ($id, $generation, $evolution, $run, $step, $metric, $value, $artifact, $size, $sha256, $source, $at)
                """, transaction)
                .With("$id", Ids.New(at)).With("$generation", generationId).With("$evolution", evolutionId).With("$run", runId)
                .With("$step", stepName).With("$metric", metricName).With("$value", metricValue).With("$artifact", artifactPath)
                .With("$size", artifactSize).With("$sha256", artifactSha256).With("$source", source).With("$at", Timestamps.Format(at));
            command.ExecuteNonQuery();
        });
    }

    public void AddHookDelivery(
        string? runId, string hookEvent, string? stepName, string destination, bool required, bool ok, string? error, long durationMs, DateTimeOffset at)
    {
        database.WriteTransaction(transaction =>
        {
            using var command = database.Command(
                """
                INSERT INTO hook_deliveries (delivery_id, run_id, event, step_name, destination, required, ok, error, duration_ms, created_at)
                VALUES ($id, $run, $event, $step, $destination, $required, $ok, $error, $duration, $at)
                """, transaction)
                .With("$id", Ids.New(at)).With("$run", runId).With("$event", hookEvent).With("$step", stepName)
                .With("$destination", destination).With("$required", required ? 1 : 0).With("$ok", ok ? 1 : 0)
                .With("$error", error).With("$duration", durationMs).With("$at", Timestamps.Format(at));
            command.ExecuteNonQuery();
        });
    }

    public RunStatus? Status(string runId)
    {
        using var command = database.Command("SELECT status FROM pipeline_runs WHERE run_id = $run").With("$run", runId);
        return command.ExecuteScalar() is string word ? StatusWords.ParseRun(word) : null;
    }

    public List<OpenRun> OpenRuns()
    {
        using var command = database.Command("SELECT run_id, host, pid FROM pipeline_runs WHERE status IN ('pending', 'running')");
        using var reader = command.ExecuteReader();
        var runs = new List<OpenRun>();
        while (reader.Read())
        {
            runs.Add(new OpenRun(reader.GetString(0), reader.GetNullableString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)));
        }

        return runs;
    }

    /// <summary>Evolutions left <c>running</c> whose latest run has ended: their gryt may have died before recording the outcome.</summary>
    public List<UnfinishedEvolution> UnfinishedEvolutions()
    {
        using var command = database.Command(
            """
            SELECT e.evolution_id, r.run_id, r.host, r.pid FROM evolutions e
            JOIN pipeline_runs r ON r.run_id = (SELECT run_id FROM pipeline_runs WHERE evolution_id = e.evolution_id ORDER BY started_at DESC LIMIT 1)
            WHERE e.status = 'running' AND r.status NOT IN ('pending', 'running')
            """);
        using var reader = command.ExecuteReader();
        var evolutions = new List<UnfinishedEvolution>();
        while (reader.Read())
        {
            evolutions.Add(new UnfinishedEvolution(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.IsDBNull(3) ? null : reader.GetInt32(3)));
        }

        return evolutions;
    }

    /// <summary>Closes an evolution whose gryt died after its run ended: it proves nothing.</summary>
    public bool MarkEvolutionInterrupted(string evolutionId, string runId, DateTimeOffset at)
    {
        return database.WriteTransaction(transaction =>
        {
            using var command = database.Command(
                """
                UPDATE evolutions SET status = 'interrupted', completed_at = $at, run_id = coalesce(run_id, $run)
                WHERE evolution_id = $id AND status = 'running'
                """, transaction).With("$id", evolutionId).With("$run", runId).With("$at", Timestamps.Format(at));
            return command.ExecuteNonQuery() > 0;
        });
    }

    /// <summary>The ids of a run's steps, started or not.</summary>
    public List<string> StepRunIds(string runId)
    {
        using var command = database.Command("SELECT step_run_id FROM step_runs WHERE run_id = $run").With("$run", runId);
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read()) ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>Closes a run whose process is gone: the run and its unfinished steps become interrupted.</summary>
    public bool MarkInterrupted(string runId, DateTimeOffset at)
    {
        return database.WriteTransaction(transaction =>
        {
            var timestamp = Timestamps.Format(at);
            using var run = database.Command(
                """
                UPDATE pipeline_runs SET status = 'interrupted', ended_at = coalesce(ended_at, $at), exit_code = coalesce(exit_code, 130)
                WHERE run_id = $run AND status IN ('pending', 'running')
                """, transaction).With("$run", runId).With("$at", timestamp);
            if (run.ExecuteNonQuery() == 0) return false; // closed meanwhile by its own process

            using var steps = database.Command(
                """
                UPDATE step_runs SET status = CASE status WHEN 'running' THEN 'interrupted' ELSE 'skipped' END,
                                     ended_at = CASE status WHEN 'running' THEN $at ELSE ended_at END
                WHERE run_id = $run AND status IN ('pending', 'running')
                """, transaction).With("$run", runId).With("$at", timestamp);
            steps.ExecuteNonQuery();
            return true;
        });
    }
}
