using System.Globalization;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gryt.Storage;

/// <summary>A row of <c>generations</c>; <see cref="Status"/> is the stored word.</summary>
internal sealed record StoredGeneration(
    string GenerationId, string Version, string? Description, string Status, string? PipelineTemplate, int Revision,
    DateTimeOffset CreatedAt, DateTimeOffset? PromotedAt, string? PromotedBy, string TagPrefix,
    DateTimeOffset? RevokedAt, string? RevokedBy, string? RevokedReason)
{
    /// <summary>config.yaml's <c>tag_format</c> when the generation was last synced (see <see cref="TagFormat"/>).</summary>
    public string TagFormat { get; init; } = Gryt.TagFormat.DefaultTemplate;

    /// <summary>The git tag the row was rebuilt from in a fresh clone; null when this database recorded it.</summary>
    public string? ImportedFrom { get; init; }
}

/// <summary>A generation with the counters the triggers keep.</summary>
internal sealed record StoredGenerationSummary(StoredGeneration Generation, int ChangesTotal, int ChangesProven, int Evolutions);

/// <summary>One line of the generation list, times as stored.</summary>
internal sealed record StoredGenerationListing(string Version, string Status, int ChangesProven, int ChangesTotal, int Evolutions, string CreatedAt, string? PromotedAt);

/// <summary>A row of <c>generation_changes</c>; <see cref="Type"/> is the stored word.</summary>
internal sealed record StoredChangeDefinition(string ChangeId, string Type, string Title, string? Description, string? Pipeline);

/// <summary>A change with how many passing and failing evolutions included it.</summary>
internal sealed record StoredChange(StoredChangeDefinition Definition, int Passed, int Failed);

/// <summary>The columns of a generation that its contract file sets.</summary>
internal sealed record StoredContractHeader(string Version, string? Description, string? PipelineTemplate, string TagPrefix, string Sha256)
{
    public string TagFormat { get; init; } = Gryt.TagFormat.DefaultTemplate;
}

/// <summary>SQL for generations and their changes.</summary>
internal sealed class GenerationStore(GrytDatabase database)
{
    private const string GenerationColumns =
        "g.generation_id, g.version, g.description, g.status, g.pipeline_template, g.revision, g.created_at, g.promoted_at, g.promoted_by, g.tag_prefix, g.revoked_at, g.revoked_by, g.revoked_reason, g.tag_format, g.imported_from";

    /// <summary>One generation by version, for <see cref="IData"/> readers ('?' parameter).</summary>
    internal const string SelectByVersion =
        "SELECT generation_id, version, description, status, pipeline_template, revision, created_at, promoted_at, promoted_by, tag_prefix, revoked_at, revoked_by, revoked_reason, tag_format, imported_from FROM generations WHERE version = ?";

    /// <summary>One generation by version. Inside a write transaction too: the database has one connection, so the read sees that transaction's writes.</summary>
    public StoredGeneration? Find(string version) =>
        Statement($"SELECT {GenerationColumns} FROM generations g WHERE g.version = ?1", ReadGeneration, s => raw.sqlite3_bind_text(s, 1, version)).FirstOrDefault();

    /// <summary>Whether the database records any generation at all.</summary>
    public bool Any(SqliteTransaction? transaction = null)
    {
        using var command = database.Command("SELECT EXISTS (SELECT 1 FROM generations)", transaction);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    /// <summary>Marks a generation as rebuilt from git tag <paramref name="tag"/>.</summary>
    public void MarkImported(SqliteTransaction transaction, string generationId, string tag)
    {
        using var command = database.Command("UPDATE generations SET imported_from = $tag WHERE generation_id = $g", transaction)
            .With("$g", generationId).With("$tag", tag);
        command.ExecuteNonQuery();
    }

    public string? FileHash(string generationId, SqliteTransaction? transaction = null)
    {
        using var command = database.Command("SELECT file_sha256 FROM generations WHERE generation_id = $id", transaction)
            .With("$id", generationId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Every generation with its counters in SemVer order, read as they are enumerated.</summary>
    public IEnumerable<StoredGenerationSummary> List()
    {
        // The counters are kept by triggers (see 0001_initial.sql): a plain scan, flat as history grows.
        return Statement(
            $"SELECT {GenerationColumns}, g.changes_total, g.changes_proven, g.evolutions_count FROM generations g ORDER BY g.version_key",
            row => new StoredGenerationSummary(ReadGeneration(row), raw.sqlite3_column_int(row, 15), raw.sqlite3_column_int(row, 16), raw.sqlite3_column_int(row, 17)));
    }

    /// <summary>The listing's columns in SemVer order: read from the covering index of migration 0009 alone.</summary>
    internal const string ListingSql =
        "SELECT version, status, changes_proven, changes_total, evolutions_count, created_at, promoted_at FROM generations ORDER BY version_key";

    /// <summary>The listing's rows in SemVer order, read as they are enumerated (nothing held beyond the row).</summary>
    public IEnumerable<StoredGenerationListing> Rows() =>
        Statement(ListingSql, row => new StoredGenerationListing(Required(row, 0), Required(row, 1), raw.sqlite3_column_int(row, 2),
            raw.sqlite3_column_int(row, 3), raw.sqlite3_column_int(row, 4), Required(row, 5), Text(row, 6)));

    /// <summary>
    /// The rows of <see cref="Rows"/> read in one pass as SQLite's own bytes and packed together
    /// (about 70 bytes a row, nothing allocated per row), for a plain table that needs every row's
    /// width before its first line.
    /// </summary>
    public StoredListingRows ListingRows()
    {
        var rows = new StoredListingRows();
        foreach (var _ in Statement(ListingSql, row =>
        {
            rows.Add(raw.sqlite3_column_blob(row, 0), raw.sqlite3_column_blob(row, 1), raw.sqlite3_column_int(row, 2),
                raw.sqlite3_column_int(row, 3), raw.sqlite3_column_int(row, 4), raw.sqlite3_column_blob(row, 5),
                raw.sqlite3_column_blob(row, 6), raw.sqlite3_column_type(row, 6) != raw.SQLITE_NULL);
            return true;
        }))
        {
            // Each row was copied while it was current.
        }

        return rows;
    }

    /// <summary>A generation's changes in contract order with their passing and failing evolutions ($g: the generation id).</summary>
    internal const string ChangesWithProofs =
        """
        SELECT c.change_id, c.type, c.title, c.description, c.pipeline,
               coalesce(sum(e.status = 'pass'), 0), coalesce(sum(e.status = 'fail'), 0)
        FROM generation_changes c
        LEFT JOIN evolution_changes ec ON ec.generation_id = c.generation_id AND ec.change_id = c.change_id
        LEFT JOIN evolutions e ON e.evolution_id = ec.evolution_id
        WHERE c.generation_id = $g
        GROUP BY c.change_id
        ORDER BY c.position
        """;

    public List<StoredChange> Changes(string generationId)
    {
        using var command = database.Command(ChangesWithProofs).With("$g", generationId);
        using var reader = command.ExecuteReader();
        var list = new List<StoredChange>();
        while (reader.Read())
        {
            var definition = new StoredChangeDefinition(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4));
            list.Add(new StoredChange(definition, reader.GetInt32(5), reader.GetInt32(6)));
        }

        return list;
    }

    public void Insert(SqliteTransaction transaction, string generationId, StoredContractHeader contract, DateTimeOffset now, string actor)
    {
        var timestamp = Timestamps.Format(now);
        using var command = database.Command(
            """
            INSERT INTO generations (generation_id, version, version_key, description, status, pipeline_template, tag_prefix, tag_format, revision, file_sha256, created_at, updated_at, created_by)
            VALUES ($id, $version, $key, $description, 'draft', $template, $prefix, $format, 1, $sha, $now, $now, $actor)
            """, transaction)
            .With("$id", generationId).With("$version", contract.Version).With("$key", SemanticVersion.Parse(contract.Version).SortKey).With("$description", contract.Description)
            .With("$template", contract.PipelineTemplate).With("$prefix", contract.TagPrefix).With("$format", contract.TagFormat).With("$sha", contract.Sha256).With("$now", timestamp).With("$actor", actor);
        command.ExecuteNonQuery();
    }

    /// <summary>Marks a draft generation abandoned; false when it is not (or no longer) a draft.</summary>
    public bool MarkAbandoned(SqliteTransaction transaction, string generationId, DateTimeOffset now)
    {
        using var command = database.Command(
            "UPDATE generations SET status = 'abandoned', updated_at = $now WHERE generation_id = $g AND status = 'draft'", transaction)
            .With("$g", generationId).With("$now", Timestamps.Format(now));
        return command.ExecuteNonQuery() == 1;
    }

    public void UpdateHeader(SqliteTransaction transaction, string generationId, StoredContractHeader contract, bool bumpRevision, DateTimeOffset now)
    {
        using var command = database.Command(
            """
            UPDATE generations
            SET description = $description, pipeline_template = $template, tag_prefix = $prefix, tag_format = $format, file_sha256 = $sha,
                revision = revision + $bump, updated_at = CASE WHEN $bump = 1 THEN $now ELSE updated_at END
            WHERE generation_id = $id
            """, transaction)
            .With("$id", generationId).With("$description", contract.Description).With("$template", contract.PipelineTemplate)
            .With("$prefix", contract.TagPrefix).With("$format", contract.TagFormat).With("$sha", contract.Sha256).With("$bump", bumpRevision ? 1 : 0).With("$now", Timestamps.Format(now));
        command.ExecuteNonQuery();
    }

    public Dictionary<string, (StoredChangeDefinition Change, int Position)> StoredChanges(SqliteTransaction transaction, string generationId)
    {
        using var command = database.Command(
            "SELECT change_id, type, title, description, pipeline, position FROM generation_changes WHERE generation_id = $g", transaction)
            .With("$g", generationId);
        using var reader = command.ExecuteReader();
        var stored = new Dictionary<string, (StoredChangeDefinition, int)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            stored[reader.GetString(0)] = (
                new StoredChangeDefinition(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4)),
                reader.GetInt32(5));
        }

        return stored;
    }

    /// <summary>How many evolutions include the change.</summary>
    public int EvolutionCount(SqliteTransaction transaction, string generationId, string changeId)
    {
        using var command = database.Command(
            "SELECT count(*) FROM evolution_changes WHERE generation_id = $g AND change_id = $c", transaction)
            .With("$g", generationId).With("$c", changeId);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void UpsertChange(SqliteTransaction transaction, string generationId, StoredChangeDefinition change, int position)
    {
        using var command = database.Command(
            """
            INSERT INTO generation_changes (generation_id, change_id, type, title, description, pipeline, position)
            VALUES ($g, $id, $type, $title, $description, $pipeline, $position)
            ON CONFLICT (generation_id, change_id) DO UPDATE SET
                type = excluded.type, title = excluded.title, description = excluded.description,
                pipeline = excluded.pipeline, position = excluded.position
            """, transaction)
            .With("$g", generationId).With("$id", change.ChangeId).With("$type", change.Type).With("$title", change.Title)
            .With("$description", change.Description).With("$pipeline", change.Pipeline).With("$position", position);
        command.ExecuteNonQuery();
    }

    public void DeleteChange(SqliteTransaction transaction, string generationId, string changeId)
    {
        using var command = database.Command("DELETE FROM generation_changes WHERE generation_id = $g AND change_id = $c", transaction)
            .With("$g", generationId).With("$c", changeId);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// The rows of <paramref name="sql"/> on the database's connection, read as they are enumerated, each
    /// through SQLite's own calls: a generation row has 15 columns and Microsoft.Data.Sqlite's checks
    /// around each column were most of <c>generation list --json</c>'s time at 10 000 generations.
    /// </summary>
    private IEnumerable<T> Statement<T>(string sql, Func<sqlite3_stmt, T> read, Action<sqlite3_stmt>? bind = null)
    {
        var handle = database.Connection.Handle!;
        var code = raw.sqlite3_prepare_v2(handle, sql, out var statement);
        using (statement)
        {
            if (code != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(code, handle);
            bind?.Invoke(statement);
            while ((code = raw.sqlite3_step(statement)) == raw.SQLITE_ROW) yield return read(statement);
            if (code != raw.SQLITE_DONE) SqliteException.ThrowExceptionForRC(code, handle);
        }
    }

    private static string? Text(sqlite3_stmt row, int column) => raw.sqlite3_column_text(row, column).utf8_to_string();

    private static string Required(sqlite3_stmt row, int column) =>
        Text(row, column) ?? throw new InvalidOperationException($"column {column} of a generation is NULL in the database");

    private static StoredGeneration ReadGeneration(sqlite3_stmt row) => new(
        Required(row, 0),
        Required(row, 1),
        Text(row, 2),
        Required(row, 3),
        Text(row, 4),
        raw.sqlite3_column_int(row, 5),
        Timestamps.Parse(Required(row, 6)),
        Text(row, 7) is { } promoted ? Timestamps.Parse(promoted) : null,
        Text(row, 8),
        Required(row, 9),
        Text(row, 10) is { } revoked ? Timestamps.Parse(revoked) : null,
        Text(row, 11),
        Text(row, 12))
    {
        TagFormat = Required(row, 13),
        ImportedFrom = Text(row, 14),
    };

}
