using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>A row of <c>evolutions</c> with its generation's version and the ids of the changes it proves, in contract order.</summary>
internal sealed record StoredEvolution(
    string EvolutionId,
    string GenerationId,
    string Version,
    int RcNumber,
    string Tag,
    RunStatus Status,
    IReadOnlyList<string> ChangeIds,
    string? PipelineName,
    string? RunId,
    string? CommitSha,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt,
    string? Reason);

/// <summary>SQL for evolutions and the changes they prove.</summary>
internal sealed class EvolutionStore(GrytDatabase database)
{
    private const string Columns =
        "e.evolution_id, e.generation_id, g.version, e.rc_number, e.tag, e.status, e.pipeline_name, e.run_id, e.commit_sha, e.started_at, e.completed_at, " +
        "(SELECT group_concat(change_id, ',') FROM (SELECT ec.change_id FROM evolution_changes ec JOIN generation_changes gc ON gc.generation_id = ec.generation_id AND gc.change_id = ec.change_id WHERE ec.evolution_id = e.evolution_id ORDER BY gc.position)), e.reason";

    /// <summary>The highest release candidate (rc) number recorded for the generation; 0 when none.</summary>
    public int HighestRcNumber(SqliteTransaction transaction, string generationId)
    {
        using var command = database.Command("SELECT coalesce(max(rc_number), 0) FROM evolutions WHERE generation_id = $g", transaction)
            .With("$g", generationId);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Closes every pending evolution (of any generation) as interrupted; returns their tags.</summary>
    public List<string> InterruptPending(SqliteTransaction transaction, DateTimeOffset now)
    {
        using var select = database.Command("SELECT tag FROM evolutions WHERE status = 'pending' ORDER BY started_at", transaction);
        var tags = new List<string>();
        using (var reader = select.ExecuteReader())
        {
            while (reader.Read()) tags.Add(reader.GetString(0));
        }

        using var update = database.Command("UPDATE evolutions SET status = 'interrupted', completed_at = $now WHERE status = 'pending'", transaction)
            .With("$now", Timestamps.Format(now));
        update.ExecuteNonQuery();
        return tags;
    }

    public void Insert(SqliteTransaction transaction, StoredEvolution evolution, string actor)
    {
        using var command = database.Command(
            """
            INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, pipeline_name, started_at, created_by)
            VALUES ($id, $g, $n, $tag, $status, $pipeline, $at, $actor)
            """, transaction)
            .With("$id", evolution.EvolutionId).With("$g", evolution.GenerationId).With("$n", evolution.RcNumber)
            .With("$tag", evolution.Tag).With("$status", evolution.Status.ToWord()).With("$pipeline", evolution.PipelineName)
            .With("$at", Timestamps.Format(evolution.StartedAt)).With("$actor", actor);
        command.ExecuteNonQuery();
        foreach (var changeId in evolution.ChangeIds)
        {
            using var change = database.Command(
                "INSERT INTO evolution_changes (evolution_id, generation_id, change_id) VALUES ($e, $g, $c)", transaction)
                .With("$e", evolution.EvolutionId).With("$g", evolution.GenerationId).With("$c", changeId);
            change.ExecuteNonQuery();
        }
    }

    /// <summary>Inserts a finished evolution rebuilt from its rc tag: its outcome and commit as the tag records them.</summary>
    public void InsertImported(SqliteTransaction transaction, StoredEvolution evolution, string actor)
    {
        Insert(transaction, evolution, actor);
        using var command = database.Command(
            "UPDATE evolutions SET commit_sha = $commit, completed_at = $at, imported_from = tag WHERE evolution_id = $id", transaction)
            .With("$id", evolution.EvolutionId).With("$commit", evolution.CommitSha)
            .With("$at", evolution.CompletedAt is { } at ? Timestamps.Format(at) : null);
        command.ExecuteNonQuery();
    }

    public StoredEvolution? Active(SqliteTransaction? transaction = null)
    {
        using var command = database.Command(
            $"SELECT {Columns} FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE e.status IN ('pending', 'running') ORDER BY e.started_at DESC, e.rowid DESC LIMIT 1",
            transaction);
        return ReadOne(command);
    }

    public StoredEvolution? FindByTag(string tag, SqliteTransaction? transaction = null)
    {
        using var command = database.Command(
            $"SELECT {Columns} FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE e.tag = $tag", transaction)
            .With("$tag", tag);
        return ReadOne(command);
    }

    public StoredEvolution? Find(string evolutionId, SqliteTransaction? transaction = null)
    {
        using var command = database.Command(
            $"SELECT {Columns} FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE e.evolution_id = $id", transaction)
            .With("$id", evolutionId);
        return ReadOne(command);
    }

    public List<StoredEvolution> ForGeneration(string generationId)
    {
        using var command = database.Command(
            $"SELECT {Columns} FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id WHERE e.generation_id = $g ORDER BY e.rc_number",
            null).With("$g", generationId);
        using var reader = command.ExecuteReader();
        var list = new List<StoredEvolution>();
        while (reader.Read()) list.Add(Read(reader));
        return list;
    }

    /// <summary>Running; an evolution started without a pipeline records the one that runs it.</summary>
    public void MarkRunning(SqliteTransaction transaction, string evolutionId, string? pipelineName)
    {
        using var command = database.Command("UPDATE evolutions SET status = 'running', pipeline_name = coalesce(pipeline_name, $pipeline) WHERE evolution_id = $id", transaction)
            .With("$id", evolutionId).With("$pipeline", pipelineName);
        command.ExecuteNonQuery();
    }

    /// <summary>Records the outcome; <paramref name="reason"/> says why it failed when no step did.</summary>
    public void Complete(SqliteTransaction transaction, string evolutionId, RunStatus status, string? runId, string? commitSha, DateTimeOffset now, string? reason = null)
    {
        using var command = database.Command(
            """
            UPDATE evolutions SET status = $status, run_id = coalesce($run, run_id), commit_sha = coalesce($sha, commit_sha), completed_at = $now, reason = $reason
            WHERE evolution_id = $id
            """, transaction)
            .With("$id", evolutionId).With("$status", status.ToWord()).With("$run", runId).With("$sha", commitSha)
            .With("$now", Timestamps.Format(now)).With("$reason", reason);
        command.ExecuteNonQuery();
    }

    /// <summary>Back to pending, for a run that never started (no run of it was recorded).</summary>
    public void Release(SqliteTransaction transaction, string evolutionId)
    {
        using var command = database.Command(
            """
            UPDATE evolutions SET status = 'pending'
            WHERE evolution_id = $id AND status = 'running'
              AND NOT EXISTS (SELECT 1 FROM pipeline_runs r WHERE r.evolution_id = evolutions.evolution_id)
            """, transaction).With("$id", evolutionId);
        command.ExecuteNonQuery();
    }

    /// <summary>The commit a recorded run tested, whether its tree was dirty, and the pipeline it ran.</summary>
    public (string? Commit, bool Dirty, string? PipelineName) RunCommit(string runId)
    {
        using var command = database.Command("SELECT commit_sha, dirty, pipeline_name FROM pipeline_runs WHERE run_id = $id").With("$id", runId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetNullableString(0), reader.GetInt64(1) != 0, reader.GetNullableString(2)) : (null, false, null);
    }

    /// <summary>
    /// Evolutions left <c>running</c> by a gryt that died: every run bound to them has ended (the
    /// engine marks dead runs interrupted first), so they are interrupted too.
    /// </summary>
    public int RecoverInterrupted(SqliteTransaction transaction, DateTimeOffset now)
    {
        using var command = database.Command(
            """
            UPDATE evolutions SET status = 'interrupted', completed_at = $now,
                run_id = coalesce(run_id, (SELECT r.run_id FROM pipeline_runs r WHERE r.evolution_id = evolutions.evolution_id ORDER BY r.started_at DESC LIMIT 1))
            WHERE status = 'running'
              AND EXISTS (SELECT 1 FROM pipeline_runs r WHERE r.evolution_id = evolutions.evolution_id)
              AND NOT EXISTS (SELECT 1 FROM pipeline_runs r WHERE r.evolution_id = evolutions.evolution_id AND r.status IN ('pending', 'running'))
            """, transaction).With("$now", Timestamps.Format(now));
        return command.ExecuteNonQuery();
    }

    private static StoredEvolution? ReadOne(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    private static StoredEvolution Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetInt32(3),
        reader.GetString(4),
        StatusWords.ParseRun(reader.GetString(5)),
        reader.IsDBNull(11) ? [] : reader.GetString(11).Split(','),
        reader.GetNullableString(6),
        reader.GetNullableString(7),
        reader.GetNullableString(8),
        Timestamps.Parse(reader.GetString(9)),
        reader.IsDBNull(10) ? null : Timestamps.Parse(reader.GetString(10)),
        reader.GetNullableString(12));
}
