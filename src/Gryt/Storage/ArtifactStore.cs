namespace Gryt.Storage;

/// <summary>An artifact a passing evolution's run recorded: its path (relative to the repository, '/'-separated),
/// size and SHA-256 (null on rows recorded before schema 8), the evolution's rc tag and commit, and how it was recorded
/// (<c>artifacts</c>: a step's <c>artifacts:</c>; <c>api</c>: <c>ctx.RecordArtifact</c>, also the built-in steps' reports and packages).</summary>
internal sealed record StoredArtifact(string Path, long? Size, string? Sha256, string Tag, string? CommitSha, string? StepName, string RunId, string? Source);

/// <summary>The artifacts rows of <c>data_rows</c> (<c>artifact_path</c> set), as release evidence reads them.</summary>
internal sealed class ArtifactStore(GrytDatabase database)
{
    /// <summary>The artifacts of the passing evolutions of the generation (the runs that prove it), by rc number, then path.</summary>
    public List<StoredArtifact> ForGeneration(string generationId)
    {
        using var command = database.Command(
            """
            SELECT d.artifact_path, d.artifact_size, d.artifact_sha256, e.tag, e.commit_sha, d.step_name, d.run_id, d.source
            FROM evolutions e JOIN data_rows d ON d.run_id = e.run_id
            WHERE e.generation_id = $g AND e.status = 'pass' AND d.artifact_path IS NOT NULL
            ORDER BY e.rc_number, d.artifact_path, d.created_at, d.data_row_id
            """).With("$g", generationId);
        using var reader = command.ExecuteReader();
        var list = new List<StoredArtifact>();
        while (reader.Read())
        {
            list.Add(new StoredArtifact(
                reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return list;
    }
}
