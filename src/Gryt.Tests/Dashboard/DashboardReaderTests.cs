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
}
