using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>
/// SQL behind <c>audit export</c>: every query is read row by row; nested rows (changes,
/// evolutions, steps) are read per parent with commands prepared once and reused, so memory does
/// not grow with history. All reads run in one read transaction: one consistent view. An export of
/// one version looks up that generation's rows through indexes and reads no other
/// (<see cref="QueryPlans"/>, pinned by ExportQueryTests).
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
               r.run_id, r.pipeline_name, r.status, r.commit_sha, r.dirty, r.started_at, r.ended_at, r.exit_code, r.actor, r.host, e.reason
        FROM evolutions e LEFT JOIN pipeline_runs r ON r.run_id = e.run_id
        WHERE e.generation_id = $g AND ($since IS NULL OR e.started_at >= $since)
        ORDER BY e.rc_number
        """, transaction).With("$g", null).With("$since", since);

    private readonly SqliteCommand _steps = database.Command(
        "SELECT step_run_id, step_name, status, exit_code, attempts, started_at, ended_at, duration_ms, log_path, command FROM step_runs WHERE run_id = $r ORDER BY started_at, rowid",
        transaction).With("$r", null);

    private readonly SqliteCommand _metrics = database.Command(
        "SELECT data_row_id, step_name, metric_name, metric_value, source, artifact_path, created_at FROM data_rows WHERE run_id = $r ORDER BY created_at, rowid",
        transaction).With("$r", null);

    private readonly SqliteCommand _policyChecks = database.Command(
        """
        SELECT pc.check_id, pc.policy_name, pc.change_id, e.tag, pc.pipeline_name, pc.passed, pc.missing_steps, pc.checked_at
        FROM policies_checks pc LEFT JOIN evolutions e ON e.evolution_id = pc.evolution_id
        WHERE pc.generation_id = $g AND ($since IS NULL OR pc.checked_at >= $since)
        ORDER BY pc.checked_at, pc.rowid
        """, transaction).With("$g", null).With("$since", since);

    public ExportSummary Summary()
    {
        using var command = SummaryCommand();
        using var reader = command.ExecuteReader();
        reader.Read();
        return new ExportSummary(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
    }

    private SqliteCommand SummaryCommand() => database.Command(
        $"""
        WITH picked AS (SELECT generation_id, status FROM generations gg WHERE {GenerationFilter("gg")}),
             picked_evolutions AS (SELECT e.evolution_id, e.status, e.run_id FROM evolutions e JOIN picked ON picked.generation_id = e.generation_id WHERE $since IS NULL OR e.started_at >= $since)
        SELECT (SELECT count(*) FROM picked), (SELECT count(*) FROM picked WHERE status = 'promoted'),
               (SELECT count(*) FROM picked_evolutions), (SELECT count(*) FROM picked_evolutions WHERE status = 'pass'), (SELECT count(*) FROM picked_evolutions WHERE status = 'fail'),
               (SELECT count(*) FROM picked_evolutions WHERE run_id IS NOT NULL)
        """, transaction).With("$since", since).With("$version", version);

    public IEnumerable<ExportGeneration> Generations()
    {
        using var command = GenerationsCommand();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportGeneration(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetString(3),
                reader.GetNullableString(4), reader.GetString(5), reader.GetInt32(6), reader.GetString(7), reader.GetNullableString(8),
                reader.GetNullableString(9), reader.GetNullableString(10), reader.GetNullableString(11), reader.GetNullableString(12))
            {
                RevokedAt = reader.GetNullableString(13), RevokedBy = reader.GetNullableString(14), RevokedReason = reader.GetNullableString(15),
                Gates = Gates(reader.IsDBNull(16) ? null : Convert.ToString(reader.GetValue(16), System.Globalization.CultureInfo.InvariantCulture)),
                TagTemplate = reader.GetString(17),
            };
        }
    }

    private SqliteCommand GenerationsCommand() => database.Command(
        $"""
        SELECT g.generation_id, g.version, g.description, g.status, g.pipeline_template, g.tag_prefix, g.revision,
               g.created_at, g.created_by, g.promoted_at, g.promoted_by, g.promoted_commit, b.version,
               g.revoked_at, g.revoked_by, g.revoked_reason,
               (SELECT CASE WHEN json_valid(a.details_json) THEN json_extract(a.details_json, '$.gates') END FROM audit_events a
                WHERE a.resource_type = 'generation' AND a.resource_id = g.generation_id AND a.event_type = 'generation.promoted'
                ORDER BY a.seq DESC LIMIT 1),
               g.tag_format
        FROM generations g LEFT JOIN generations b ON b.generation_id = g.base_generation_id
        WHERE {GenerationFilter("g")}
        ORDER BY g.created_at, g.version
        """, transaction).With("$since", since).With("$version", version);

    public IEnumerable<ExportPolicyCheck> PolicyChecks(string generationId)
    {
        _policyChecks.Parameters["$g"].Value = generationId;
        using var reader = _policyChecks.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportPolicyCheck(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3),
                reader.GetNullableString(4), reader.GetInt64(5) != 0, reader.GetNullableString(6), reader.GetString(7));
        }
    }

    public IEnumerable<ExportMetric> Metrics(string runId)
    {
        _metrics.Parameters["$r"].Value = runId;
        using var reader = _metrics.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportMetric(reader.GetString(0), reader.GetNullableString(1), reader.GetNullableString(2), reader.IsDBNull(3) ? null : reader.GetDouble(3),
                reader.GetNullableString(4), reader.GetNullableString(5), reader.GetString(6));
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
                reader.GetNullableString(5), reader.GetString(6), reader.GetNullableString(7), reader.GetNullableString(8), changes, run)
            {
                Reason = reader.GetNullableString(20),
            };
        }
    }

    public IEnumerable<ExportStep> Steps(string runId)
    {
        _steps.Parameters["$r"].Value = runId;
        using var reader = _steps.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportStep(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetInt64(4), reader.GetNullableString(5), reader.GetNullableString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetNullableString(8))
            {
                Command = reader.GetNullableString(9),
            };
        }
    }

    /// <summary>Runs bound to no evolution (<c>gryt run --no-evolution</c>); left out when exporting one version.</summary>
    public IEnumerable<ExportRun> UnboundRuns()
    {
        if (version is not null) yield break;
        using var command = UnboundRunsCommand();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            yield return new ExportRun(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetInt64(4) != 0,
                reader.GetString(5), reader.GetNullableString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7), reader.GetNullableString(8), reader.GetNullableString(9));
        }
    }

    private SqliteCommand UnboundRunsCommand() => database.Command(
        """
        SELECT r.run_id, r.pipeline_name, r.status, r.commit_sha, r.dirty, r.started_at, r.ended_at, r.exit_code, r.actor, r.host
        FROM pipeline_runs r
        WHERE r.run_id NOT IN (SELECT run_id FROM evolutions WHERE run_id IS NOT NULL)
          AND ($since IS NULL OR r.started_at >= $since)
        ORDER BY r.started_at, r.run_id
        """, transaction).With("$since", since);

    public IEnumerable<StoredAuditEvent> Events() => new AuditStore(database).ForExport(since, version, transaction);

    /// <summary>
    /// The plan SQLite chose for each query this export runs (<c>EXPLAIN QUERY PLAN</c>, one line a
    /// step, named by its query): the tests pin that an export of one version looks its rows up.
    /// </summary>
    internal IReadOnlyList<string> QueryPlans()
    {
        var plans = new List<string>();
        void Explain(string name, SqliteCommand query) => plans.AddRange(database.QueryPlan(query).Select(step => $"{name}: {step}"));

        using (var summary = SummaryCommand()) Explain("summary", summary);
        using (var generations = GenerationsCommand()) Explain("generations", generations);
        Explain("changes", _changes);
        Explain("evolutions", _evolutions);
        Explain("steps", _steps);
        Explain("metrics", _metrics);
        Explain("policy checks", _policyChecks);
        if (version is null)
        {
            using var unbound = UnboundRunsCommand();
            Explain("unbound runs", unbound);
        }

        using (var events = new AuditStore(database).ForExportCommand(since, version, transaction)) Explain("events", events);
        return plans;
    }

    public void Dispose()
    {
        _changes.Dispose();
        _evolutions.Dispose();
        _steps.Dispose();
        _metrics.Dispose();
        _policyChecks.Dispose();
    }

    /// <summary>The <c>gates</c> array of a promotion event; an entry that is not the recorded shape is skipped, never fatal.</summary>
    internal static List<ExportGate> Gates(string? json)
    {
        var gates = new List<ExportGate>();
        if (json is null) return gates;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array) return gates;
            foreach (var gate in document.RootElement.EnumerateArray())
            {
                if (gate.ValueKind != JsonValueKind.Object || !gate.TryGetProperty("gate", out var name) || name.ValueKind != JsonValueKind.String) continue;
                var passed = gate.TryGetProperty("passed", out var p) && p.ValueKind == JsonValueKind.True;
                var message = gate.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                gates.Add(new ExportGate(name.GetString()!, passed, message));
            }
        }
        catch (JsonException)
        {
            // A tampered event: the chain verification in the same export says so.
        }

        return gates;
    }

    // One version is a look-up by its unique index: "$version IS NULL OR version = $version" would read every generation.
    private string GenerationFilter(string alias) =>
        (version is null ? "" : $"{alias}.version = $version AND ")
        + $"""
        ($since IS NULL OR {alias}.created_at >= $since OR {alias}.promoted_at >= $since
             OR EXISTS (SELECT 1 FROM evolutions x WHERE x.generation_id = {alias}.generation_id AND x.started_at >= $since))
        """;
}
