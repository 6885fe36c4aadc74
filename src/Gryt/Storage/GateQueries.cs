namespace Gryt.Storage;

/// <summary>The SQL of the built-in promotion gates, which read through <see cref="IData"/> like custom gates do.</summary>
internal static class GateQueries
{
    /// <summary>Per change: passing and failing evolutions that include it.</summary>
    public const string ChangeProofs =
        """
        SELECT c.change_id, c.type,
               coalesce(sum(e.status = 'pass'), 0) AS passed,
               coalesce(sum(e.status = 'fail'), 0) AS failed
        FROM generation_changes c
        LEFT JOIN evolution_changes ec ON ec.generation_id = c.generation_id AND ec.change_id = c.change_id
        LEFT JOIN evolutions e ON e.evolution_id = ec.evolution_id
        WHERE c.generation_id = ?
        GROUP BY c.change_id
        ORDER BY c.position
        """;

    /// <summary>Failed evolutions whose change no later evolution of the same change passed.</summary>
    public const string UnresolvedFailures =
        """
        SELECT f.tag, ec.change_id
        FROM evolutions f
        JOIN evolution_changes ec ON ec.evolution_id = f.evolution_id
        WHERE f.generation_id = ? AND f.status = 'fail'
          AND NOT EXISTS (
              SELECT 1 FROM evolutions p
              JOIN evolution_changes pc ON pc.evolution_id = p.evolution_id
              WHERE p.generation_id = f.generation_id AND p.status = 'pass'
                AND p.rc_number > f.rc_number AND pc.change_id = ec.change_id)
        ORDER BY f.rc_number, ec.change_id
        """;

    /// <summary>Passing evolutions with each change they prove, its type, and the steps that passed in their run.</summary>
    public const string PassingEvolutionSteps =
        """
        SELECT e.tag, ec.change_id, c.type, e.run_id,
               (SELECT group_concat(s.step_name, char(10)) FROM step_runs s WHERE s.run_id = e.run_id AND s.status = 'pass') AS steps
        FROM evolutions e
        JOIN evolution_changes ec ON ec.evolution_id = e.evolution_id
        JOIN generation_changes c ON c.generation_id = ec.generation_id AND c.change_id = ec.change_id
        WHERE e.generation_id = ? AND e.status = 'pass'
        ORDER BY e.rc_number
        """;

    /// <summary>The newest value of a metric recorded by a passing evolution of the generation.</summary>
    public const string NewestPassingMetric =
        """
        SELECT d.metric_value, e.tag
        FROM data_rows d JOIN evolutions e ON e.evolution_id = d.evolution_id
        WHERE d.generation_id = ? AND d.metric_name = ? AND e.status = 'pass' AND d.metric_value IS NOT NULL
        ORDER BY d.created_at DESC, d.data_row_id DESC
        LIMIT 1
        """;

    /// <summary>Per change (in contract order): its passing evolutions, oldest first, with the commit each tested.</summary>
    public const string PassingProofs =
        """
        SELECT c.change_id, e.tag, e.commit_sha
        FROM generation_changes c
        JOIN evolution_changes ec ON ec.generation_id = c.generation_id AND ec.change_id = c.change_id
        JOIN evolutions e ON e.evolution_id = ec.evolution_id
        WHERE c.generation_id = ? AND e.status = 'pass'
        ORDER BY c.position, e.rc_number
        """;

    /// <summary>The newest passing evolution that recorded a commit: what the release tag points at by default.</summary>
    public const string NewestPassingCommit =
        """
        SELECT commit_sha, tag FROM evolutions
        WHERE generation_id = ? AND status = 'pass' AND commit_sha IS NOT NULL
        ORDER BY rc_number DESC LIMIT 1
        """;

    /// <summary>The release a hotfix generation fixes (no row when it is not a hotfix).</summary>
    public const string HotfixBase =
        """
        SELECT b.version, b.tag_prefix, b.tag_format, b.promoted_commit
        FROM generations g JOIN generations b ON b.generation_id = g.base_generation_id
        WHERE g.generation_id = ?
        """;

    /// <summary>The passing evolutions that lack a metric, newest first.</summary>
    public const string PassingWithoutMetric =
        """
        SELECT e.tag FROM evolutions e
        WHERE e.generation_id = ? AND e.status = 'pass'
          AND NOT EXISTS (SELECT 1 FROM data_rows d WHERE d.evolution_id = e.evolution_id AND d.metric_name = ? AND d.metric_value IS NOT NULL)
        ORDER BY e.rc_number DESC
        """;
}
