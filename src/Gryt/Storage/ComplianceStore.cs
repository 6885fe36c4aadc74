using System.Globalization;

namespace Gryt.Storage;

/// <summary>The aggregate queries behind the compliance report: every number in it comes from here.</summary>
internal sealed class ComplianceStore(GrytDatabase database)
{
    public GenerationFacts Generations()
    {
        var row = Row(
            """
            SELECT count(*), coalesce(sum(status = 'draft'), 0), coalesce(sum(status IN ('promoted', 'revoked')), 0), coalesce(sum(status = 'abandoned'), 0),
                   coalesce(sum(base_generation_id IS NOT NULL), 0),
                   coalesce(sum(status IN ('promoted', 'revoked') AND changes_proven < changes_total), 0),
                   coalesce(sum(status IN ('promoted', 'revoked') AND (promoted_by IS NULL OR promoted_commit IS NULL)), 0),
                   coalesce(sum(status = 'revoked'), 0)
            FROM generations
            """);
        var promoters = new List<string>();
        using (var command = database.Command(
            "SELECT DISTINCT promoted_by FROM generations WHERE status IN ('promoted', 'revoked') AND promoted_by IS NOT NULL ORDER BY promoted_by"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read()) promoters.Add(reader.GetString(0));
        }

        var authorised = Row(
            $"""
            SELECT count(*) FROM generations g
            WHERE g.status IN ('promoted', 'revoked') AND EXISTS (
                SELECT 1 FROM audit_events a
                WHERE a.event_type = '{PromotionAudit.Event}' AND a.resource_id = g.generation_id
                  AND json_extract(a.details_json, '$.{PromotionAudit.AuthorisedByServer}') IS NOT NULL)
            """);
        return new GenerationFacts(row[0], row[1], row[2], row[3], row[4], row[5], row[6])
        {
            Revoked = row[7], Promoters = promoters, PromotedAuthorisedByServer = authorised[0],
        };
    }

    public ChangeFacts Changes()
    {
        var row = Row(
            """
            SELECT count(*), coalesce(sum(type = 'add'), 0), coalesce(sum(type = 'fix'), 0), coalesce(sum(type = 'refine'), 0), coalesce(sum(type = 'remove'), 0)
            FROM generation_changes
            """);
        return new ChangeFacts(row[0], row[1], row[2], row[3], row[4]);
    }

    public EvolutionFacts Evolutions()
    {
        var row = Row(
            """
            SELECT count(*), coalesce(sum(status = 'pass'), 0), coalesce(sum(status = 'fail'), 0), coalesce(sum(status = 'interrupted'), 0),
                   coalesce(sum(status IN ('pending', 'running')), 0), coalesce(sum(status = 'pass' AND run_id IS NULL), 0)
            FROM evolutions
            """);
        var failures = Row(
            """
            SELECT count(*),
                   coalesce(sum(EXISTS (SELECT 1 FROM evolutions p JOIN evolution_changes pc ON pc.evolution_id = p.evolution_id
                                        WHERE p.generation_id = f.generation_id AND p.status = 'pass' AND p.rc_number > f.rc_number AND pc.change_id = ec.change_id)), 0),
                   coalesce(sum(g.status IN ('promoted', 'revoked') AND NOT EXISTS (SELECT 1 FROM evolutions p JOIN evolution_changes pc ON pc.evolution_id = p.evolution_id
                                        WHERE p.generation_id = f.generation_id AND p.status = 'pass' AND p.rc_number > f.rc_number AND pc.change_id = ec.change_id)), 0)
            FROM evolutions f
            JOIN evolution_changes ec ON ec.evolution_id = f.evolution_id
            JOIN generations g ON g.generation_id = f.generation_id
            WHERE f.status = 'fail'
            """);
        return new EvolutionFacts(row[0], row[1], row[2], row[3], row[4], row[5], failures[0], failures[1], failures[2]);
    }

    public RunFacts Runs()
    {
        var row = Row(
            """
            SELECT count(*), coalesce(sum(status = 'pass'), 0), coalesce(sum(status = 'fail'), 0), coalesce(sum(status = 'interrupted'), 0),
                   coalesce(sum(dirty <> 0), 0),
                   coalesce(sum(dirty <> 0 AND run_id IN (SELECT run_id FROM evolutions WHERE status = 'pass' AND run_id IS NOT NULL)), 0),
                   (SELECT count(*) FROM step_runs), (SELECT count(*) FROM step_runs WHERE status = 'fail')
            FROM pipeline_runs
            """);
        return new RunFacts(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7]);
    }

    public AuditFacts Audit()
    {
        var row = Row("SELECT count(*), coalesce(sum(trim(actor) = ''), 0), count(DISTINCT actor) FROM audit_events");
        return new AuditFacts(row[0], row[1], row[2]);
    }

    public PolicyFacts Policies(int defined)
    {
        var row = Row(
            """
            SELECT coalesce(sum(passed <> 0), 0), coalesce(sum(passed = 0), 0),
                   (SELECT count(*) FROM generation_changes c JOIN generations g ON g.generation_id = c.generation_id
                    WHERE g.status IN ('promoted', 'revoked')
                      AND NOT EXISTS (SELECT 1 FROM policies_checks pc WHERE pc.generation_id = c.generation_id AND pc.change_id = c.change_id AND pc.passed <> 0))
            FROM policies_checks
            """);
        return new PolicyFacts(defined, row[0], row[1], row[2]);
    }

    /// <summary>Promoted releases (revoked ones too) in promotion order, with how many changes each declared and proved,
    /// its dirty proofs, its revocation and the gate results its promotion recorded.</summary>
    public List<ReleaseFacts> Releases()
    {
        using var command = database.Command(
            """
            SELECT g.version, g.tag_prefix, g.promoted_at, g.promoted_by, g.promoted_commit, g.changes_total, g.changes_proven,
                   (SELECT count(*) FROM evolutions e WHERE e.generation_id = g.generation_id AND e.status = 'pass'),
                   b.version, g.revoked_at, g.revoked_by, g.revoked_reason,
                   (SELECT count(*) FROM evolutions e JOIN pipeline_runs r ON r.run_id = e.run_id
                    WHERE e.generation_id = g.generation_id AND e.status = 'pass' AND r.dirty <> 0),
                   (SELECT CASE WHEN json_valid(a.details_json) THEN json_extract(a.details_json, '$.gates') END FROM audit_events a
                    WHERE a.resource_type = 'generation' AND a.resource_id = g.generation_id AND a.event_type = 'generation.promoted'
                    ORDER BY a.seq DESC LIMIT 1),
                   g.tag_format
            FROM generations g LEFT JOIN generations b ON b.generation_id = g.base_generation_id
            WHERE g.status IN ('promoted', 'revoked')
            ORDER BY g.promoted_at, g.version
            """);
        using var reader = command.ExecuteReader();
        var list = new List<ReleaseFacts>();
        while (reader.Read())
        {
            list.Add(new ReleaseFacts(reader.GetString(0), TagFormat.Of(reader.GetString(1), reader.GetString(14)).Release(SemanticVersion.Parse(reader.GetString(0))), reader.GetNullableString(2), reader.GetNullableString(3),
                reader.GetNullableString(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), reader.GetNullableString(8))
            {
                RevokedAt = reader.GetNullableString(9), RevokedBy = reader.GetNullableString(10), RevokedReason = reader.GetNullableString(11),
                DirtyProofs = reader.GetInt32(12),
                Gates = ExportStore.Gates(reader.IsDBNull(13) ? null : Convert.ToString(reader.GetValue(13), CultureInfo.InvariantCulture)),
            });
        }

        return list;
    }

    /// <summary>Per release version, the latest value of each metric its passing evolutions' runs recorded.</summary>
    public Dictionary<string, List<ReleaseMetric>> ReleaseMetrics()
    {
        using var command = database.Command(
            """
            SELECT g.version, d.metric_name, d.metric_value
            FROM data_rows d
            JOIN evolutions e ON e.run_id = d.run_id AND e.status = 'pass'
            JOIN generations g ON g.generation_id = e.generation_id AND g.status IN ('promoted', 'revoked')
            WHERE d.metric_name IS NOT NULL AND d.metric_value IS NOT NULL
            ORDER BY d.created_at, d.rowid
            """);
        using var reader = command.ExecuteReader();
        var latest = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var version = reader.GetString(0);
            if (!latest.TryGetValue(version, out var metrics)) latest[version] = metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            metrics[reader.GetString(1)] = reader.GetDouble(2);
        }

        return latest.ToDictionary(v => v.Key, v => v.Value.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => new ReleaseMetric(m.Key, m.Value)).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The rc tags of passing evolutions that recorded a commit: gryt tagged each at that commit.</summary>
    public List<CandidateTag> CandidateTags()
    {
        using var command = database.Command(
            """
            SELECT g.version, e.tag, e.commit_sha FROM evolutions e JOIN generations g ON g.generation_id = e.generation_id
            WHERE e.status = 'pass' AND e.commit_sha IS NOT NULL
            ORDER BY g.version_key, e.rc_number
            """);
        using var reader = command.ExecuteReader();
        var list = new List<CandidateTag>();
        while (reader.Read()) list.Add(new CandidateTag(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        return list;
    }

    private long[] Row(string sql)
    {
        using var command = database.Command(sql);
        using var reader = command.ExecuteReader();
        reader.Read();
        var values = new long[reader.FieldCount];
        for (var i = 0; i < values.Length; i++) values[i] = reader.IsDBNull(i) ? 0 : Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture);
        return values;
    }
}
