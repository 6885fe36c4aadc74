using System.Globalization;
using Gryt.Contracts;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>SQL for generations and their changes.</summary>
internal sealed class GenerationStore(GrytDatabase database)
{
    private const string GenerationColumns =
        "g.generation_id, g.version, g.description, g.status, g.pipeline_template, g.revision, g.created_at, g.promoted_at, g.promoted_by, g.tag_prefix, g.revoked_at, g.revoked_by, g.revoked_reason";

    /// <summary>One generation by version, for <see cref="IData"/> readers ('?' parameter).</summary>
    internal const string SelectByVersion =
        "SELECT generation_id, version, description, status, pipeline_template, revision, created_at, promoted_at, promoted_by, tag_prefix, revoked_at, revoked_by, revoked_reason FROM generations WHERE version = ?";

    public Generation? Find(string version, SqliteTransaction? transaction = null)
    {
        using var command = database.Command($"SELECT {GenerationColumns} FROM generations g WHERE g.version = $v", transaction)
            .With("$v", version);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ReadGeneration(reader) : null;
    }

    public string? FileHash(string generationId, SqliteTransaction? transaction = null)
    {
        using var command = database.Command("SELECT file_sha256 FROM generations WHERE generation_id = $id", transaction)
            .With("$id", generationId);
        return command.ExecuteScalar() as string;
    }

    public List<GenerationSummary> List()
    {
        // The counters are kept by triggers (see 0001_initial.sql): a plain scan, flat as history grows.
        using var command = database.Command(
            $"SELECT {GenerationColumns}, g.changes_total, g.changes_proven, g.evolutions_count FROM generations g ORDER BY g.version_key");
        using var reader = command.ExecuteReader();
        var list = new List<GenerationSummary>();
        while (reader.Read())
        {
            list.Add(new GenerationSummary(ReadGeneration(reader), reader.GetInt32(13), reader.GetInt32(14), reader.GetInt32(15)));
        }

        return list;
    }

    public List<GenerationRow> Rows()
    {
        using var command = database.Command(
            "SELECT version, status, changes_proven, changes_total, evolutions_count, created_at, promoted_at FROM generations ORDER BY version_key");
        using var reader = command.ExecuteReader();
        var list = new List<GenerationRow>();
        while (reader.Read())
        {
            list.Add(new GenerationRow(reader.GetString(0), GenerationStatuses.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetInt32(4), reader.GetString(5), reader.GetNullableString(6)));
        }

        return list;
    }

    public List<Change> Changes(string generationId)
    {
        using var command = database.Command(
            """
            SELECT c.change_id, c.type, c.title, c.description, c.pipeline,
                   coalesce(sum(e.status = 'pass'), 0), coalesce(sum(e.status = 'fail'), 0)
            FROM generation_changes c
            LEFT JOIN evolution_changes ec ON ec.generation_id = c.generation_id AND ec.change_id = c.change_id
            LEFT JOIN evolutions e ON e.evolution_id = ec.evolution_id
            WHERE c.generation_id = $g
            GROUP BY c.change_id
            ORDER BY c.position
            """).With("$g", generationId);
        using var reader = command.ExecuteReader();
        var list = new List<Change>();
        while (reader.Read())
        {
            var type = ChangeTypes.FromStored(reader.GetString(1));
            var passed = reader.GetInt32(5);
            var failed = reader.GetInt32(6);
            var state = passed > 0 ? ChangeState.Proven : failed > 0 ? ChangeState.Failed : ChangeState.Unproven;
            list.Add(new Change(reader.GetString(0), type, reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4), state, passed, failed));
        }

        return list;
    }

    public void Insert(SqliteTransaction transaction, string generationId, ContractDefinition contract, DateTimeOffset now, string actor)
    {
        var timestamp = Timestamps.Format(now);
        using var command = database.Command(
            """
            INSERT INTO generations (generation_id, version, version_key, description, status, pipeline_template, tag_prefix, revision, file_sha256, created_at, updated_at, created_by)
            VALUES ($id, $version, $key, $description, 'draft', $template, $prefix, 1, $sha, $now, $now, $actor)
            """, transaction)
            .With("$id", generationId).With("$version", contract.Version).With("$key", SemanticVersion.Parse(contract.Version).SortKey).With("$description", contract.Description)
            .With("$template", contract.PipelineTemplate).With("$prefix", contract.TagPrefix).With("$sha", contract.Sha256).With("$now", timestamp).With("$actor", actor);
        command.ExecuteNonQuery();
    }

    public void UpdateHeader(SqliteTransaction transaction, string generationId, ContractDefinition contract, bool bumpRevision, DateTimeOffset now)
    {
        using var command = database.Command(
            """
            UPDATE generations
            SET description = $description, pipeline_template = $template, tag_prefix = $prefix, file_sha256 = $sha,
                revision = revision + $bump, updated_at = CASE WHEN $bump = 1 THEN $now ELSE updated_at END
            WHERE generation_id = $id
            """, transaction)
            .With("$id", generationId).With("$description", contract.Description).With("$template", contract.PipelineTemplate)
            .With("$prefix", contract.TagPrefix).With("$sha", contract.Sha256).With("$bump", bumpRevision ? 1 : 0).With("$now", Timestamps.Format(now));
        command.ExecuteNonQuery();
    }

    public Dictionary<string, (ChangeDefinition Change, int Position)> StoredChanges(SqliteTransaction transaction, string generationId)
    {
        using var command = database.Command(
            "SELECT change_id, type, title, description, pipeline, position FROM generation_changes WHERE generation_id = $g", transaction)
            .With("$g", generationId);
        using var reader = command.ExecuteReader();
        var stored = new Dictionary<string, (ChangeDefinition, int)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var type = ChangeTypes.FromStored(reader.GetString(1));
            stored[reader.GetString(0)] = (
                new ChangeDefinition(reader.GetString(0), type, reader.GetString(2), reader.GetNullableString(3), reader.GetNullableString(4)),
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

    public void UpsertChange(SqliteTransaction transaction, string generationId, ChangeDefinition change, int position)
    {
        using var command = database.Command(
            """
            INSERT INTO generation_changes (generation_id, change_id, type, title, description, pipeline, position)
            VALUES ($g, $id, $type, $title, $description, $pipeline, $position)
            ON CONFLICT (generation_id, change_id) DO UPDATE SET
                type = excluded.type, title = excluded.title, description = excluded.description,
                pipeline = excluded.pipeline, position = excluded.position
            """, transaction)
            .With("$g", generationId).With("$id", change.Id).With("$type", change.Type.ToWord()).With("$title", change.Title)
            .With("$description", change.Description).With("$pipeline", change.Pipeline).With("$position", position);
        command.ExecuteNonQuery();
    }

    public void DeleteChange(SqliteTransaction transaction, string generationId, string changeId)
    {
        using var command = database.Command("DELETE FROM generation_changes WHERE generation_id = $g AND change_id = $c", transaction)
            .With("$g", generationId).With("$c", changeId);
        command.ExecuteNonQuery();
    }

    private static Generation ReadGeneration(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetNullableString(2),
        GenerationStatuses.Parse(reader.GetString(3)),
        reader.GetNullableString(4),
        reader.GetInt32(5),
        Timestamps.Parse(reader.GetString(6)),
        reader.IsDBNull(7) ? null : Timestamps.Parse(reader.GetString(7)),
        reader.GetNullableString(8))
    {
        TagPrefix = reader.GetString(9),
        RevokedAt = reader.IsDBNull(10) ? null : Timestamps.Parse(reader.GetString(10)),
        RevokedBy = reader.GetNullableString(11),
        RevokedReason = reader.GetNullableString(12),
    };

}
