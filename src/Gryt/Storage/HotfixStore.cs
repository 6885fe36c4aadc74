using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>SQL for hotfixes: the versions of a release line and the link to a hotfix's base.</summary>
internal sealed class HotfixStore(GrytDatabase database)
{
    /// <summary>Every generation version of the line <c>vMAJOR.MINOR.*</c> (any patch, any pre-release).</summary>
    public List<string> VersionsOfLine(int major, int minor)
    {
        using var command = database.Command("SELECT version FROM generations WHERE version LIKE $prefix ESCAPE '\\'")
            .With("$prefix", $"v{major}.{minor}.%");
        using var reader = command.ExecuteReader();
        var list = new List<string>();
        while (reader.Read()) list.Add(reader.GetString(0));
        return list;
    }

    public void SetBase(SqliteTransaction transaction, string generationId, string baseGenerationId)
    {
        using var command = database.Command("UPDATE generations SET base_generation_id = $b WHERE generation_id = $g", transaction)
            .With("$g", generationId).With("$b", baseGenerationId);
        command.ExecuteNonQuery();
    }

    /// <summary>The version of the generation a hotfix fixes, or null when it is not a hotfix.</summary>
    public string? BaseVersion(string generationId)
    {
        using var command = database.Command(
            "SELECT b.version FROM generations g JOIN generations b ON b.generation_id = g.base_generation_id WHERE g.generation_id = $g")
            .With("$g", generationId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>A generation by its canonical version, with its status; null when there is none.</summary>
    public StoredGeneration? Find(string version) => new GenerationStore(database).Find(version);

    /// <summary>The highest promoted (or revoked) release, SemVer-ordered.</summary>
    public string? NewestRelease()
    {
        using var command = database.Command("SELECT version FROM generations WHERE status IN ('promoted', 'revoked') ORDER BY version_key DESC LIMIT 1");
        return command.ExecuteScalar() as string;
    }
}
