using System.Globalization;
using Gryt.Contracts;
using Gryt.Project;
using Gryt.Scaffolding.Init;
using Gryt.Storage;

namespace Gryt.Tests.TestSupport;

/// <summary>
/// An initialised gryt project in a temp folder with its database open: what the library sees
/// when the CLI runs in a real repository.
/// </summary>
internal sealed class TestProject : IDisposable
{
    private readonly TempDirectory _folder = new();

    public TestProject()
    {
        Project = ProjectInitializer.Initialize(_folder.Path, force: false).Project;
        Database = GrytDatabase.Open(Project.DatabasePath);
        Context = GrytContext.For("Test User <test@example.invalid>");
        Contracts = new ContractService(Project, Database, Context);
    }

    public string Root => _folder.Path;
    public GrytProject Project { get; }
    public GrytDatabase Database { get; }
    public GrytContext Context { get; }
    public ContractService Contracts { get; }

    public string GenerationFile(string version) => Project.GenerationFile(SemanticVersion.Parse(version));

    public void WriteContract(string version, string yaml) => File.WriteAllText(GenerationFile(version), yaml);

    /// <summary>Runs SQL the way a test arranges data: directly, with positional parameters $1, $2, ….</summary>
    public int Execute(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    public object? Scalar(string sql, params object?[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    public long Count(string table) => Convert.ToInt64(Scalar($"SELECT count(*) FROM {table}"), CultureInfo.InvariantCulture);

    /// <summary>Every row of the tables a contract sync may touch, so a test can assert "nothing changed".</summary>
    public string Fingerprint()
    {
        var text = new System.Text.StringBuilder();
        foreach (var sql in new[]
        {
            "SELECT * FROM generations ORDER BY generation_id",
            "SELECT * FROM generation_changes ORDER BY generation_id, change_id",
            "SELECT * FROM evolutions ORDER BY evolution_id",
            "SELECT * FROM evolution_changes ORDER BY evolution_id, change_id",
            "SELECT * FROM audit_events ORDER BY seq",
        })
        {
            using var command = Database.Connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).Append('|');
                }

                text.Append('\n');
            }

            text.Append("--\n");
        }

        return text.ToString();
    }

    /// <summary>Inserts an evolution of <paramref name="version"/> including <paramref name="changeIds"/>; returns its id.</summary>
    public string AddEvolution(string version, string status, params string[] changeIds)
    {
        var generationId = (string)Scalar("SELECT generation_id FROM generations WHERE version = $1", version)!;
        var rc = Convert.ToInt32(Scalar("SELECT coalesce(max(rc_number), 0) + 1 FROM evolutions WHERE generation_id = $1", generationId), CultureInfo.InvariantCulture);
        var evolutionId = Guid.NewGuid().ToString();
        Execute(
            "INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at) VALUES ($1, $2, $3, $4, $5, '2025-01-01T00:00:00.000Z')",
            evolutionId, generationId, rc, $"{version}-rc.{rc}", status);
        foreach (var changeId in changeIds)
        {
            Execute("INSERT INTO evolution_changes (evolution_id, generation_id, change_id) VALUES ($1, $2, $3)", evolutionId, generationId, changeId);
        }

        return evolutionId;
    }

    public void Dispose()
    {
        Database.Dispose();
        _folder.Dispose();
    }

    private Microsoft.Data.Sqlite.SqliteCommand Command(string sql, object?[] parameters)
    {
        var command = Database.Connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters.Length; i++) command.Parameters.AddWithValue("$" + (i + 1), parameters[i] ?? DBNull.Value);
        return command;
    }
}
