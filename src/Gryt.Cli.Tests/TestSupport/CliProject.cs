using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>A temp folder with <c>gryt init</c> done, and a runner whose working directory is that folder.</summary>
internal sealed class CliProject : IDisposable
{
    private readonly TempDirectory _folder = new();

    public CliProject(bool initialise = true)
    {
        Gryt = new CliRunner(_folder.Path);
        if (initialise) Gryt.Ok("init");
    }

    public string Root => _folder.Path;

    public CliRunner Gryt { get; }

    public string GenerationFile(string version) => Path.Combine(Root, ".gryt", "generations", version + ".yaml");

    public void WriteContract(string version, string yaml) => File.WriteAllText(GenerationFile(version), yaml);

    /// <summary>Arranges data the way a user with <c>db query --write</c> could.</summary>
    public void Sql(string sql) => Gryt.Ok("db", "query", "--write", sql);

    /// <summary>An evolution of <paramref name="version"/> with the given status, including <paramref name="changeIds"/>.</summary>
    public void AddEvolution(string version, int rc, string status, params string[] changeIds)
    {
        var evolutionId = $"{version}-rc{rc}";
        Sql($"""
            INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at)
            SELECT '{evolutionId}', generation_id, {rc}, '{version}-rc.{rc}', '{status}', '2025-03-14T10:00:00.000Z'
            FROM generations WHERE version = '{version}'
            """);
        foreach (var changeId in changeIds)
        {
            Sql($"""
                INSERT INTO evolution_changes (evolution_id, generation_id, change_id)
                SELECT '{evolutionId}', generation_id, '{changeId}' FROM generations WHERE version = '{version}'
                """);
        }
    }

    public void Dispose() => _folder.Dispose();
}
