using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>SQL for promotion: the commit to tag, and the status change.</summary>
internal sealed class PromotionStore(GrytDatabase database)
{
    /// <summary>The commit of the newest passing evolution (highest rc number), with its tag.</summary>
    public (string? Commit, string? Tag) NewestPassingCommit(string generationId)
    {
        using var command = database.Command(
            "SELECT commit_sha, tag FROM evolutions WHERE generation_id = $g AND status = 'pass' AND commit_sha IS NOT NULL ORDER BY rc_number DESC LIMIT 1")
            .With("$g", generationId);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.GetString(1)) : (null, null);
    }

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

    /// <summary>Passing evolutions with the changes they prove, for release notes.</summary>
    public List<(string Tag, string ChangeId, string? Commit, string? RunId)> Proofs(string generationId)
    {
        using var command = database.Command(
            """
            SELECT e.tag, ec.change_id, e.commit_sha, e.run_id FROM evolutions e
            JOIN evolution_changes ec ON ec.evolution_id = e.evolution_id
            WHERE e.generation_id = $g AND e.status = 'pass' ORDER BY e.rc_number
            """).With("$g", generationId);
        using var reader = command.ExecuteReader();
        var list = new List<(string, string, string?, string?)>();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetString(1), reader.GetNullableString(2), reader.GetNullableString(3)));
        return list;
    }
}
