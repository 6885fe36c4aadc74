using Gryt.Audit;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>
/// SQL behind <c>audit export</c>: every query is read row by row; nested rows (changes,
/// evolutions, steps) are read per parent with commands prepared once and reused, so memory does
/// not grow with history. All reads run in one read transaction: one consistent view.
/// </summary>
internal sealed class ExportStore(GrytDatabase database, SqliteTransaction? transaction, string? since, string? version) : IDisposable
{
    private readonly SqliteCommand _changes = database.Command(
        "SELECT change_id, type, title, description, pipeline FROM generation_changes WHERE generation_id = $g ORDER BY position", transaction)
        .With("$g", null);

    private readonly SqliteCommand _evolutions = database.Command(
        """
        SELECT e.evolution_id, e.rc_number, e.tag, e.status, e.pipeline_name, e.commit_sha, e.started_at, e.completed_at, e.created_by,
               (SELECT group_concat(ec.change_id, char(10)) FROM evolution_changes ec WHERE ec.evolution_id = e.evolution_id),
               r.run_id, r.pipeline_name, r.status, r.commit_sha, r.dirty, r.started_at, r.ended_at, r.exit_code, r.actor, r.host
        FROM evolutions e LEFT JOIN pipeline_runs r ON r.run_id = e.run_id
        WHERE e.generation_id = $g AND ($since IS NULL OR e.started_at >= $since)
        ORDER BY e.rc_number
        """, transaction).With("$g", null).With("$since", since);

    private readonly SqliteCommand _steps = database.Command(
        "SELECT step_run_id, step_name, status, exit_code, attempts, started_at, ended_at, duration_ms, log_path FROM step_runs WHERE run_id = $r ORDER BY started_at, rowid",
        transaction).With("$r", null);

    public ExportSummary Summary()
    {
        using var command = database.Command(
            $"""
            WITH g AS (SELECT generation_id, status FROM generations gg WHERE {GenerationFilter("gg")}),
                 e AS (SELECT e.evolution_id, e.status, e.run_id FROM evolutions e JOIN g ON g.generation_id = e.generation_id WHERE $since IS NULL OR e.started_at >= $since)
            SELECT (SELECT count(*) FROM g), (SELECT count(*) FROM g WHERE status = 'promoted'),
                   (SELECT count(*) FROM e), (SELECT count(*) FROM e WHERE status = 'pass'), (SELECT count(*) FROM e WHERE status = 'fail'),
                   (SELECT count(*) FROM e WHERE run_id IS NOT NULL)
            """, transaction).With("$since", since).With("$version", version);
        using var reader = command.ExecuteReader();
        reader.Read();
        return new ExportSummary(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    public IEnumerable<ExportGeneration> Generations()
    {
        using var command = database.Command(
            $"""
            SELECT g.generation_id, g.version, g.description, g.status, g.pipeline_template, g.tag_prefix, g.revision,
                   g.created_at, g.created_by, g.promoted_at, g.promoted_by, g.promoted_commit, b.version
            FROM generations g LEFT JOIN generations b ON b.generation_id = g.base_generation_id
            WHERE {GenerationFilter("g")}
            ORDER BY g.created_at, g.version
            """, transaction).With("$since", since).With("$version", version);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportGeneration(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetString(3),
                reader.GetNullableString(4), reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetNullableString(8),
                reader.GetNullableString(9), reader.GetNullableString(10), reader.GetNullableString(11), reader.GetNullableString(12));
        }
    }

    public IEnumerable<ExportChange> Changes(string generationId)
    {
        _changes.Parameters["$g"].Value = generationId;
        using var reader = _changes.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportChange(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4));
        }
    }

    public IEnumerable<ExportEvolution> Evolutions(string generationId)
    {
        _evolutions.Parameters["$g"].Value = generationId;
        using var reader = _evolutions.ExecuteReader();
        while (reader.Read())
        {
            var changes = reader.GetNullableString(9)?.Split('\n') ?? [];
            var run = reader.IsDBNull(10) ? null : new ExportRun(reader.GetString(10), reader.GetString(11), reader.GetString(12), reader.GetNullableString(13),
                reader.GetInt64(14) != 0, reader.GetString(15), reader.GetNullableString(16), reader.IsDBNull(17) ? null : reader.GetInt64(17),
                reader.GetNullableString(18), reader.GetNullableString(19));
            yield return new ExportEvolution(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
                reader.GetNullableString(5), reader.GetString(6), reader.GetNullableString(7), reader.GetNullableString(8), changes, run);
        }
    }

    public IEnumerable<ExportStep> Steps(string runId)
    {
        _steps.Parameters["$r"].Value = runId;
        using var reader = _steps.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportStep(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt64(4), reader.GetNullableString(5), reader.GetNullableString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetNullableString(8));
        }
    }

    /// <summary>Runs bound to no evolution (<c>gryt run --no-evolution</c>); left out when exporting one version.</summary>
    public IEnumerable<ExportRun> UnboundRuns()
    {
        if (version is not null) yield break;
        using var command = database.Command(
            """
            SELECT r.run_id, r.pipeline_name, r.status, r.commit_sha, r.dirty, r.started_at, r.ended_at, r.exit_code, r.actor, r.host
            FROM pipeline_runs r
            WHERE r.run_id NOT IN (SELECT run_id FROM evolutions WHERE run_id IS NOT NULL)
              AND ($since IS NULL OR r.started_at >= $since)
            ORDER BY r.started_at, r.run_id
            """, transaction).With("$since", since);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportRun(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetInt64(4) != 0,
                reader.GetString(5), reader.GetNullableString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetNullableString(8), reader.GetNullableString(9));
        }
    }

    public IEnumerable<StoredAuditEvent> Events() => new AuditStore(database).ForExport(since, version, transaction);

    public void Dispose()
    {
        _changes.Dispose();
        _evolutions.Dispose();
        _steps.Dispose();
    }

    private static string GenerationFilter(string alias) =>
        $"""
        ($version IS NULL OR {alias}.version = $version)
        AND ($since IS NULL OR {alias}.created_at >= $since OR {alias}.promoted_at >= $since
             OR EXISTS (SELECT 1 FROM evolutions x WHERE x.generation_id = {alias}.generation_id AND x.started_at >= $since))
        """;
}
