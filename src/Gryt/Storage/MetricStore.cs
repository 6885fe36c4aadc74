using System.Globalization;

namespace Gryt.Storage;

/// <summary>SQL behind the built-in metrics and the metrics recorded in <c>data_rows</c>.</summary>
internal sealed class MetricStore(GrytDatabase database)
{
    /// <summary>Evolutions of the generation by status: (total, passed, failed).</summary>
    public (int Total, int Passed, int Failed) EvolutionCounts(string generationId)
    {
        using var command = database.Command(
            "SELECT count(*), coalesce(sum(status = 'pass'), 0), coalesce(sum(status = 'fail'), 0) FROM evolutions WHERE generation_id = $g")
            .With("$g", generationId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    /// <summary>Mean wall time in seconds of the finished runs bound to the generation's evolutions (linked either way:
    /// <c>evolutions.run_id</c> or <c>pipeline_runs.evolution_id</c>).</summary>
    public (double? Seconds, int Runs) MeanRunDuration(string generationId)
    {
        using var command = database.Command(
            """
            SELECT avg((julianday(r.ended_at) - julianday(r.started_at)) * 86400.0), count(*)
            FROM evolutions e JOIN pipeline_runs r ON r.run_id = e.run_id OR r.evolution_id = e.evolution_id
            WHERE e.generation_id = $g AND r.ended_at IS NOT NULL
            """).With("$g", generationId);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.GetInt32(1));
    }

    /// <summary>The newest recorded value of a metric for the generation, and how many were recorded.</summary>
    public (double? Value, int Samples) Recorded(string generationId, string metricName)
    {
        using var command = database.Command(
            """
            SELECT (SELECT metric_value FROM data_rows WHERE generation_id = $g AND metric_name = $m AND metric_value IS NOT NULL
                    ORDER BY created_at DESC, data_row_id DESC LIMIT 1),
                   (SELECT count(*) FROM data_rows WHERE generation_id = $g AND metric_name = $m AND metric_value IS NOT NULL)
            """).With("$g", generationId).With("$m", metricName);
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.IsDBNull(0) ? null : reader.GetDouble(0), reader.GetInt32(1));
    }

    public bool IsRecordedAnywhere(string metricName)
    {
        using var command = database.Command("SELECT EXISTS (SELECT 1 FROM data_rows WHERE metric_name = $m)").With("$m", metricName);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }
}
