using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>A line of the dashboard's generation list: the counters the triggers keep.</summary>
internal sealed record DashboardGenerationRow(string GenerationId, string Version, string Status, int ChangesProven, int ChangesTotal, int Evolutions);

/// <summary>A change of a generation and how many passing and failing evolutions included it.</summary>
internal sealed record DashboardChangeRow(string ChangeId, string Type, string Title, int Passed, int Failed);

/// <summary>An evolution of a generation, with how many changes it included.</summary>
internal sealed record DashboardEvolutionRow(
    string EvolutionId, int RcNumber, string Tag, string Status, string? CommitSha, string StartedAt, string? CompletedAt, int Changes, string? RunId);

/// <summary>A pipeline run, with the host and process that record it (to tell a live run from a dead one).</summary>
internal sealed record DashboardRunRow(
    string RunId, string PipelineName, string Status, string? EvolutionId, string? CommitSha, bool Dirty, string StartedAt, string? EndedAt, string? Host, int? Pid);

/// <summary>A step of a run as stored; <see cref="OutputTail"/> is set when the step ended.</summary>
internal sealed record DashboardStepRow(string StepName, string Status, string? StartedAt, long? DurationMs, string? OutputTail, string? LogPath);

/// <summary>An audit event as the dashboard lists it.</summary>
internal sealed record DashboardEventRow(long Seq, string Timestamp, string EventType, string ResourceId, string Actor);

/// <summary>
/// The dashboard's reads, on a connection it keeps open (read-only). Every query is bounded
/// (the newest N rows through an index), so that a screen costs the same at 10 000 generations
/// as at ten.
/// </summary>
internal sealed class DashboardStore(SqliteConnection connection)
{
    private static readonly string UnresolvedFailuresCount =
        $"SELECT count(DISTINCT tag) FROM ({SqliteData.NumberParameters(GateQueries.UnresolvedFailures).Sql})";

    /// <summary>
    /// SQLite's counter of commits by other connections: it changes when another process wrote,
    /// and costs no I/O when nothing did.
    /// </summary>
    public long DataVersion()
    {
        using var command = Command("PRAGMA data_version");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>The newest <paramref name="limit"/> generations by version precedence, newest first.</summary>
    public List<DashboardGenerationRow> Generations(int limit)
    {
        using var command = Command(
            """
            SELECT generation_id, version, status, changes_proven, changes_total, evolutions_count
            FROM generations ORDER BY version_key DESC LIMIT $limit
            """).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<DashboardGenerationRow>();
        while (reader.Read())
        {
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
        }

        return rows;
    }

    /// <summary>How many generations there are, for "N of M" (the table's b-tree count).</summary>
    public long GenerationCount()
    {
        using var command = Command("SELECT count(*) FROM generations");
        return (long)command.ExecuteScalar()!;
    }

    /// <summary>A generation's changes in contract order, at most <paramref name="limit"/> (the query <c>generation show</c> uses).</summary>
    public List<DashboardChangeRow> Changes(string generationId, int limit)
    {
        using var command = Command(GenerationStore.ChangesWithProofs + " LIMIT $limit").With("$g", generationId).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<DashboardChangeRow>();
        while (reader.Read()) rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(5), reader.GetInt32(6)));
        return rows;
    }

    /// <summary>
    /// How many failed evolutions of a generation no later passing evolution resolved (the query of
    /// the <c>no_failed_evolutions</c> gate; an index lookup, none when nothing failed).
    /// </summary>
    public int UnresolvedFailures(string generationId)
    {
        using var command = Command(UnresolvedFailuresCount).With("$p1", generationId);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A generation's newest <paramref name="limit"/> evolutions, newest first.</summary>
    public List<DashboardEvolutionRow> Evolutions(string generationId, int limit)
    {
        // The newest evolutions first, then their changes counted in one grouped join (no subquery per row).
        using var command = Command(
            """
            SELECT e.evolution_id, e.rc_number, e.tag, e.status, e.commit_sha, e.started_at, e.completed_at, count(ec.change_id), e.run_id
            FROM (SELECT * FROM evolutions WHERE generation_id = $g ORDER BY rc_number DESC LIMIT $limit) e
            LEFT JOIN evolution_changes ec ON ec.evolution_id = e.evolution_id
            GROUP BY e.evolution_id
            ORDER BY e.rc_number DESC
            """).With("$g", generationId).With("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<DashboardEvolutionRow>();
        while (reader.Read())
        {
            rows.Add(new(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3), reader.GetNullableString(4),
                reader.GetString(5), reader.GetNullableString(6), reader.GetInt32(7), reader.GetNullableString(8)));
        }

        return rows;
    }

    /// <summary>A run that is still marked running (the newest such), else the newest run; null before the first.</summary>
    public DashboardRunRow? CurrentRun()
    {
        // rowid order is start order: runs are inserted when they start.
        return OneRun("SELECT {0} FROM pipeline_runs WHERE status IN ('pending', 'running') ORDER BY rowid DESC LIMIT 1", null)
            ?? OneRun("SELECT {0} FROM pipeline_runs ORDER BY rowid DESC LIMIT 1", null);
    }

    /// <summary>One run by id (an evolution's); null when not recorded here.</summary>
    public DashboardRunRow? Run(string runId) => OneRun("SELECT {0} FROM pipeline_runs WHERE run_id = $run", runId);

    /// <summary>The newest run of an evolution (the one its status comes from).</summary>
    public DashboardRunRow? RunOfEvolution(string evolutionId) =>
        OneRun("SELECT {0} FROM pipeline_runs WHERE evolution_id = $run ORDER BY started_at DESC LIMIT 1", evolutionId);

    /// <summary>A run's steps in the order they were declared.</summary>
    public List<DashboardStepRow> Steps(string runId)
    {
        using var command = Command(
            "SELECT step_name, status, started_at, duration_ms, output_tail, log_path FROM step_runs WHERE run_id = $run ORDER BY rowid")
            .With("$run", runId);
        using var reader = command.ExecuteReader();
        var rows = new List<DashboardStepRow>();
        while (reader.Read())
        {
            rows.Add(new(reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.GetNullableString(4), reader.GetNullableString(5)));
        }

        return rows;
    }

    /// <summary>The newest <paramref name="limit"/> audit events, newest first.</summary>
    public List<DashboardEventRow> LastEvents(int limit)
    {
        using var command = Command("SELECT seq, timestamp, event_type, resource_id, actor FROM audit_events ORDER BY seq DESC LIMIT $limit")
            .With("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<DashboardEventRow>();
        while (reader.Read()) rows.Add(new(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4)));
        return rows;
    }

    /// <summary>The newest audit event's sequence number and hash: the chain needs verifying again only when it moved.</summary>
    public (long Seq, string Hash)? AuditHead()
    {
        using var command = Command("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1");
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    private DashboardRunRow? OneRun(string sql, string? parameter)
    {
        const string Columns = "run_id, pipeline_name, status, evolution_id, commit_sha, dirty, started_at, ended_at, host, pid";
        using var command = Command(string.Format(System.Globalization.CultureInfo.InvariantCulture, sql, Columns));
        if (parameter is not null) command.With("$run", parameter);
        using var reader = command.ExecuteReader();
        if (!reader.Read()) return null;
        return new(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4),
            reader.GetInt64(5) != 0, reader.GetString(6), reader.GetNullableString(7), reader.GetNullableString(8), reader.IsDBNull(9) ? null : reader.GetInt32(9));
    }

    /// <summary>How many statements this store ran (the dashboard's tests count what a tick costs).</summary>
    public int Statements { get; private set; }

    private SqliteCommand Command(string sql)
    {
        Statements++;
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }
}
