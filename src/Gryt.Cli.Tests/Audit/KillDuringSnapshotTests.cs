using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

/// <summary>
/// kill -9 in the middle of <c>audit snapshot</c> and <c>audit rollback</c>: the real gryt binary kills
/// itself at a named point (GRYT_TEST_CRASH_AT, test-only), then the next commands show what survived.
/// </summary>
[Trait("Category", "Slow")]
public sealed class KillDuringSnapshotTests : IDisposable
{
    private const int Killed = 128 + 9;

    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Database => Path.Combine(_folder.Path, ".gryt", "gryt.db");

    private string SnapshotsFolder => Path.Combine(_folder.Path, ".gryt", "snapshots");

    private CliResult Gryt(string? crashAt, params string[] args) =>
        ProcessRunner.Run(GrytBinary.Path, _folder.Path, new Dictionary<string, string?>
        {
            ["GRYT_DB"] = null,
            ["GRYT_DEBUG"] = null,
            ["GRYT_ACTOR"] = CliRunner.Actor,
            ["CI"] = null,
            ["NO_COLOR"] = "1",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
            ["GRYT_TEST_CRASH_AT"] = crashAt,
        }, args);

    private CliResult Ok(params string[] args)
    {
        var result = Gryt(null, args);
        Assert.True(result.ExitCode == 0, $"gryt {string.Join(' ', args)} failed:\n{result}");
        return result;
    }

    private long Count(string sql)
    {
        using var document = JsonDocument.Parse(Ok("db", "query", sql, "--json").Out);
        return document.RootElement.GetProperty("rows")[0].GetProperty("n").GetInt64();
    }

    private List<JsonElement> Snapshots()
    {
        using var document = JsonDocument.Parse(Ok("audit", "list-snapshots", "--json").Out);
        return document.RootElement.GetProperty("snapshots").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    private string SnapshotWithV1()
    {
        Ok("init");
        Ok("generation", "new", "v1.0.0");
        using var document = JsonDocument.Parse(Ok("audit", "snapshot", "--label", "good", "--json").Out);
        Ok("generation", "new", "v2.0.0");
        return document.RootElement.GetProperty("snapshot_id").GetString()!;
    }

    [Theory]
    [InlineData("snapshot.copied", 0)]
    [InlineData("snapshot.sidecar-written", 0)]
    [InlineData("snapshot.sidecar-renamed", 1)]
    [InlineData("snapshot.before-record", 1)]
    public void A_snapshot_killed_at_any_point_leaves_no_half_written_snapshot(string point, int survivors)
    {
        Ok("init");
        Ok("generation", "new", "v1.0.0");

        var killed = Gryt(point, "audit", "snapshot");

        Assert.True(killed.ExitCode == Killed, killed.ToString());
        var listed = Snapshots();
        Assert.Equal(survivors, listed.Count);
        Assert.Empty(Directory.GetFiles(SnapshotsFolder, "*.partial-*"));
        Assert.All(Directory.GetFiles(SnapshotsFolder, "*.json"), sidecar => Assert.True(new FileInfo(sidecar).Length > 0));
        Assert.All(Directory.GetFiles(SnapshotsFolder, "*.db"), file => Assert.True(File.Exists(Path.ChangeExtension(file, ".json")), file + " has no sidecar"));
        foreach (var snapshot in listed)
        {
            Assert.True(snapshot.GetProperty("file_exists").GetBoolean());
            Ok("audit", "rollback", snapshot.GetProperty("snapshot_id").GetString()!);
        }

        Ok("audit", "verify");
    }

    [Theory]
    [InlineData("rollback.before-staging", false)]
    [InlineData("rollback.staged", false)]
    [InlineData("rollback.restored", true)]
    public void A_rollback_killed_at_any_point_leaves_the_old_state_or_the_restored_one_with_both_events(string point, bool restored)
    {
        var good = SnapshotWithV1();

        var killed = Gryt(point, "audit", "rollback", good);

        Assert.True(killed.ExitCode == Killed, killed.ToString());
        Assert.Equal(restored ? 0 : 1, Count("SELECT count(*) AS n FROM generations WHERE version = 'v2.0.0'"));
        var rolledBack = Count("SELECT count(*) AS n FROM audit_events WHERE event_type = 'database.rolled_back'");
        var automatic = Count("SELECT count(*) AS n FROM audit_events WHERE event_type = 'snapshot.created' AND details_json LIKE '%before-rollback%'");
        Assert.Equal(restored ? 1 : 0, rolledBack);
        Assert.Equal(restored ? 1 : 0, automatic);
        Ok("audit", "verify");

        // Whatever was interrupted, the rollback can simply be run again.
        Ok("audit", "rollback", good);
        Assert.Equal(0, Count("SELECT count(*) AS n FROM generations WHERE version = 'v2.0.0'"));
        Assert.True(Count("SELECT count(*) AS n FROM audit_events WHERE event_type = 'database.rolled_back'") >= 1);
        Assert.Empty(Directory.GetFiles(SnapshotsFolder, "*.partial-*"));
        Ok("audit", "verify");
    }

    [Theory]
    [InlineData("recover.staged")]
    [InlineData("recover.before-rename")]
    public void A_recovery_killed_at_any_point_never_leaves_an_empty_new_database(string point)
    {
        var good = SnapshotWithV1();
        DamagedDatabase.Overwrite(Database);

        var killed = Gryt(point, "audit", "rollback", good);

        Assert.True(killed.ExitCode == Killed, killed.ToString());
        Assert.Equal(5, Gryt(null, "generation", "list").ExitCode);
        Ok("audit", "rollback", good);
        Assert.Contains("v1.0.0", Ok("generation", "list").Out, StringComparison.Ordinal);
        Assert.Equal(1, Count("SELECT count(*) AS n FROM audit_events WHERE event_type = 'database.rolled_back'"));
        Assert.Empty(Directory.GetFiles(Path.Combine(_folder.Path, ".gryt"), "*.partial-*"));
        Ok("audit", "verify");
    }
}
