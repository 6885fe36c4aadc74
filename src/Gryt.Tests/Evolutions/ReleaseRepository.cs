using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Pipelines;
using Gryt.Project;
using Gryt.Promotion;
using Gryt.Scaffolding.Init;
using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Evolutions;

/// <summary>A real git repository in a temp folder with gryt initialised and one contract.</summary>
internal sealed class ReleaseRepository : IDisposable
{
    private readonly GitRepository _git = new(initialCommit: false);

    public ReleaseRepository()
    {
        Commit("initial");
        Project = ProjectInitializer.Initialize(Root, force: false).Project;
        Database = GrytDatabase.Open(Project.DatabasePath);
        Context = GrytContext.For("tester");
        Tags = new GitClient(Root);
    }

    public string Root => _git.Root;
    public GrytProject Project { get; }
    public GrytDatabase Database { get; }
    public GrytContext Context { get; }
    public GitClient Tags { get; }

    public ContractService Contracts => new(Project, Database, Context);

    /// <summary>Declares a generation with the given changes (id, type) and syncs it.</summary>
    public void Declare(string version, string? template, params (string Id, string Type)[] changes)
    {
        var yaml = $"version: {version}\nchanges:\n" +
            string.Concat(changes.Select(c => $"  - type: {c.Type}\n    id: {c.Id}\n    title: \"{c.Id} title\"\n")) +
            (changes.Length == 0 ? "  []\n" : "") +
            (template is null ? "" : $"pipeline_template: {template}\n");
        if (changes.Length == 0) yaml = $"version: {version}\nchanges: []\n";
        File.WriteAllText(Project.GenerationFile(SemanticVersion.Parse(version)), yaml);
        Contracts.Sync(version);
    }

    public string Commit(string message)
    {
        File.AppendAllText(Path.Combine(Root, "file.txt"), message + "\n");
        Git("add", "-A");
        Git("commit", "-q", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] arguments) => _git.Git(arguments);

    /// <summary>Records a pipeline run row, as the engine does when a run starts.</summary>
    public string Run(string runId, string? commit = null, bool dirty = false)
    {
        using var command = Database.Connection.CreateCommand();
        command.CommandText = "INSERT INTO pipeline_runs (run_id, pipeline_name, status, commit_sha, dirty, started_at) VALUES ($id, 'ci', 'pass', $sha, $dirty, '2026-01-01T00:00:00.000Z')";
        command.Parameters.AddWithValue("$id", runId);
        command.Parameters.AddWithValue("$dirty", dirty ? 1 : 0);
        command.Parameters.AddWithValue("$sha", (object?)commit ?? DBNull.Value);
        command.ExecuteNonQuery();
        return runId;
    }

    /// <summary>Proves FEAT-1 (after a failure) and BUG-1 with real commits and rc tags, then promotes with a real tag.</summary>
    public async Task ProveAndPromoteAsync(string version)
    {
        var evolutions = new EvolutionService(Project, Database, Context, Tags);
        Declare(version, "ci", ("FEAT-1", "add"), ("BUG-1", "fix"));
        foreach (var (change, pass) in new[] { ("FEAT-1", false), ("FEAT-1", true), ("BUG-1", true) })
        {
            var evolution = (await evolutions.StartAsync(version, [change], null, StepsOf.From(_ => ["test"]))).Evolution;
            var commit = Commit("work " + evolution.Tag);
            var run = Run(Guid.NewGuid().ToString(), commit);
            evolutions.BindRun(evolution);
            evolutions.Complete(evolution, pass ? RunStatus.Pass : RunStatus.Fail, run);
        }

        var promoted = await new PromotionService(Project, Database, Context, Tags)
            .PromoteAsync(version, new TestData(Database), [new AllChangesProvenGate()], false, null);
        Assert.True(promoted.Promoted);
    }

    public long Count(string sql)
    {
        using var command = Database.Connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    public void Dispose()
    {
        Database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _git.Dispose();
    }
}
