using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>One evolution of a change as release notes tell it.</summary>
internal sealed record ChangeAttempt(string ChangeId, string Tag, string Status, string? Commit, bool Dirty, string? Pipeline);

/// <summary>SQL for promotion and revocation: the status changes, and each change's history for the release notes.</summary>
internal sealed class PromotionStore(GrytDatabase database)
{
    /// <summary>Marks the generation promoted if it is still a draft; false when another process got there first.</summary>
    public bool MarkPromoted(SqliteTransaction transaction, string generationId, DateTimeOffset now, string actor, string commit)
    {
        using var command = database.Command(
            """
            UPDATE generations SET status = 'promoted', promoted_at = $now, promoted_by = $actor, promoted_commit = $commit, updated_at = $now
            WHERE generation_id = $g AND status = 'draft'
            """, transaction)
            .With("$g", generationId).With("$now", Timestamps.Format(now)).With("$actor", actor).With("$commit", commit);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Marks a promoted generation revoked; false when it is not (or no longer) promoted.</summary>
    public bool MarkRevoked(SqliteTransaction transaction, string generationId, DateTimeOffset now, string actor, string reason)
    {
        using var command = database.Command(
            """
            UPDATE generations SET status = 'revoked', revoked_at = $now, revoked_by = $actor, revoked_reason = $reason, updated_at = $now
            WHERE generation_id = $g AND status = 'promoted'
            """, transaction)
            .With("$g", generationId).With("$now", Timestamps.Format(now)).With("$actor", actor).With("$reason", reason);
        return command.ExecuteNonQuery() == 1;
    }

    /// <summary>Every finished evolution of each change, oldest first, with whether its run had uncommitted changes.</summary>
    public List<ChangeAttempt> Attempts(string generationId)
    {
        // A run is linked either way (evolutions.run_id or pipeline_runs.evolution_id).
        using var command = database.Command(
            """
            SELECT ec.change_id, e.tag, e.status, e.commit_sha,
                   coalesce((SELECT r.dirty FROM pipeline_runs r WHERE r.run_id = e.run_id),
                            (SELECT max(r.dirty) FROM pipeline_runs r WHERE r.evolution_id = e.evolution_id), 0),
                   coalesce(e.pipeline_name, (SELECT r.pipeline_name FROM pipeline_runs r WHERE r.run_id = e.run_id))
            FROM evolutions e
            JOIN evolution_changes ec ON ec.evolution_id = e.evolution_id
            WHERE e.generation_id = $g AND e.status IN ('pass', 'fail')
            ORDER BY e.rc_number
            """).With("$g", generationId);
        using var reader = command.ExecuteReader();
        var list = new List<ChangeAttempt>();
        while (reader.Read())
        {
            list.Add(new ChangeAttempt(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3),
                reader.GetInt64(4) != 0, reader.GetNullableString(5)));
        }

        return list;
    }
}
