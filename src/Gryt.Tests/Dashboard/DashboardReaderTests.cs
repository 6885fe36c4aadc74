using System.Diagnostics;
using System.Globalization;
using Gryt.Dashboard;
using Gryt.Storage;
using Gryt.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Gryt.Tests.Dashboard;

public sealed class DashboardReaderTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly GrytDatabase _database;

    public DashboardReaderTests()
    {
        _database = GrytDatabase.Open(_folder.Combine("gryt.db"));
    }

    public void Dispose()
    {
        _database.Dispose();
        _folder.Dispose();
    }

    private void AddGenerations(int count)
    {
        using var transaction = _database.Connection.BeginTransaction();
        using var command = _database.Connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText =
            """
            INSERT INTO generations (generation_id, version, version_key, status, created_at, updated_at) VALUES ($id, $v, $key, 'draft', '2025-03-14T10:00:00.000Z', '2025-03-14T10:00:00.000Z');
            INSERT INTO generation_changes (generation_id, change_id, type, title, position) VALUES ($id, 'FEAT-1', 'add', 'a feature', 0);
            INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at) VALUES ($id || '-rc1', $id, 1, $v || '-rc.1', 'pass', '2025-03-14T10:00:00.000Z');
            INSERT INTO evolution_changes (evolution_id, generation_id, change_id) VALUES ($id || '-rc1', $id, 'FEAT-1');
            """;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var version = command.Parameters.Add("$v", SqliteType.Text);
        var key = command.Parameters.Add("$key", SqliteType.Text);
        for (var i = 0; i < count; i++)
        {
            var v = string.Create(CultureInfo.InvariantCulture, $"v{i / 100}.{i % 100}.0");
            id.Value = "g-" + v;
            version.Value = v;
            key.Value = SemanticVersion.Parse(v).SortKey;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    [Fact]
    public void Changed_is_true_only_after_another_connection_wrote()
    {
        using var reader = new DashboardReader(_database, TimeProvider.System);
        Assert.True(reader.Changed());
        Assert.False(reader.Changed());
        reader.Load(new DashboardSelection());
        Assert.False(reader.Changed());

        AddGenerations(1);

        Assert.True(reader.Changed());
        Assert.False(reader.Changed());
        Assert.Equal(1, reader.Load(new DashboardSelection()).GenerationCount);
    }

    [Fact]
    public void At_10_000_generations_a_screen_reads_the_newest_200_and_stays_fast()
    {
        AddGenerations(10_000);
        using var reader = new DashboardReader(_database, TimeProvider.System);
        reader.Load(new DashboardSelection());

        var fastest = TimeSpan.MaxValue;
        DashboardSnapshot? snapshot = null;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            snapshot = reader.Load(new DashboardSelection("g-v50.0.0"));
            fastest = watch.Elapsed < fastest ? watch.Elapsed : fastest;
        }

        Assert.Equal(DashboardReader.GenerationLimit, snapshot!.Generations.Count);
        Assert.Equal(10_000, snapshot.GenerationCount);
        Assert.Equal("v99.99.0", snapshot.Generations[0].Version);
        // Not among the newest 200: the newest is shown instead.
        Assert.Equal("v99.99.0", snapshot.Generation!.Version);
        Assert.Equal([1], snapshot.Evolutions.Select(e => e.RcNumber));
        // Every listed generation's gates column, each with the failures query (all changes proven).
        Assert.All(snapshot.Generations, g => Assert.Equal("ready", snapshot.GatesOf(g.GenerationId)));
        Assert.True(fastest < TimeSpan.FromMilliseconds(150), $"a screen took {fastest.TotalMilliseconds} ms at 10 000 generations");
    }

    [Fact]
    public void While_a_run_goes_on_a_tick_reads_only_its_log_tail_and_everything_again_once_its_process_is_gone()
    {
        using var gryt = Process.Start("sleep", "60")!;
        var log = _folder.Combine("test.log");
        File.WriteAllText(log, "compiling\n");
        using (var command = _database.Connection.CreateCommand())
        {
            command.CommandText =
                """
                INSERT INTO pipeline_runs (run_id, pipeline_name, status, started_at, host, pid) VALUES ('live', 'release', 'running', '2025-03-14T09:28:53.000Z', $host, $pid);
                INSERT INTO step_runs (step_run_id, run_id, step_name, status, started_at, log_path) VALUES ('live-test', 'live', 'test', 'running', '2025-03-14T09:28:53.000Z', $log);
                """;
            command.Parameters.AddWithValue("$host", Environment.MachineName);
            command.Parameters.AddWithValue("$pid", gryt.Id);
            command.Parameters.AddWithValue("$log", log);
            command.ExecuteNonQuery();
        }

        using var reader = new DashboardReader(_database, TimeProvider.System);
        var selection = new DashboardSelection();
        Assert.Equal("running", reader.Poll(selection)!.Run!.Status);
        Assert.Equal(DashboardRead.All, reader.LastRead);

        File.AppendAllText(log, "test 1 of 3 passed\n");
        var statements = reader.Statements;
        var tick = reader.Poll(selection)!;
        Assert.Equal(DashboardRead.Run, reader.LastRead);
        Assert.Equal(1, reader.Statements - statements); // PRAGMA data_version, nothing else
        Assert.Contains("test 1 of 3 passed", tick.Run!.Tail);
        Assert.Equal("running", tick.Run.Status);

        gryt.Kill();
        gryt.WaitForExit();
        Assert.Equal("interrupted", reader.Poll(selection)!.Run!.Status);
        Assert.Equal(DashboardRead.All, reader.LastRead);
        Assert.Null(reader.Poll(selection));
        Assert.Equal(DashboardRead.Nothing, reader.LastRead);
    }

    [Fact]
    public void Evolutions_carry_their_change_counts_newest_first()
    {
        AddGenerations(1);
        using (var command = _database.Connection.CreateCommand())
        {
            command.CommandText =
                """
                INSERT INTO generation_changes (generation_id, change_id, type, title, position) VALUES ('g-v0.0.0', 'BUG-2', 'fix', 'a fix', 1);
                INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at) VALUES ('e2', 'g-v0.0.0', 2, 'v0.0.0-rc.2', 'pass', '2025-03-14T10:00:00.000Z');
                INSERT INTO evolution_changes (evolution_id, generation_id, change_id) VALUES ('e2', 'g-v0.0.0', 'FEAT-1'), ('e2', 'g-v0.0.0', 'BUG-2');
                INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at) VALUES ('e3', 'g-v0.0.0', 3, 'v0.0.0-rc.3', 'fail', '2025-03-14T10:00:00.000Z');
                """;
            command.ExecuteNonQuery();
        }

        using var reader = new DashboardReader(_database, TimeProvider.System);
        var evolutions = reader.Load(new DashboardSelection()).Evolutions;
        Assert.Equal([(3, 0), (2, 2), (1, 1)], evolutions.Select(e => (e.RcNumber, e.Changes)));
    }
}
