using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

/// <summary>Full disks, devices, empty and damaged databases, from the command line: exit 5 with one line, never 70.</summary>
public sealed class StorageFaultCommandTests : IDisposable
{
    private const string Contract = "version: v1.0.0\nchanges:\n  - {type: add, id: FEAT-1, title: First feature}\n";

    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private string Database => Path.Combine(_project.Root, ".gryt", "gryt.db");

    private string SnapshotsFolder => Path.Combine(_project.Root, ".gryt", "snapshots");

    private static string TakeSnapshot(CliRunner gryt)
    {
        using var document = JsonDocument.Parse(gryt.Ok("audit", "snapshot", "--json").Out);
        return document.RootElement.GetProperty("snapshot_id").GetString()!;
    }

    private static long Count(CliRunner gryt, string sql)
    {
        using var document = JsonDocument.Parse(gryt.Ok("db", "query", sql, "--json").Out);
        return document.RootElement.GetProperty("rows")[0].GetProperty("n").GetInt64();
    }

    private static readonly string[] WritingCommands =
    [
        "generation new v2.0.0",
        "generation list",
        "evolution start v1.0.0 --change FEAT-1",
        "audit snapshot",
        "audit export -o out.json",
    ];

    public static TheoryData<string> StorageCommands => new([.. WritingCommands, "audit list-snapshots"]);

    [Theory]
    [MemberData(nameof(StorageCommands))]
    public void A_device_as_the_database_is_exit_5_not_a_database(string command)
    {
        _project.Gryt.Variables["GRYT_DB"] = "/dev/null";

        var result = _project.Gryt.Run(command.Split(' '));

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("/dev/null is not a database", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("internal error", result.Err, StringComparison.Ordinal);
        Assert.Equal(2, result.Err.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [RootFact]
    public void Every_command_on_a_full_disk_is_exit_5_disk_full_and_records_nothing()
    {
        using var disk = new SmallDisk(megabytes: 4);
        var gryt = new CliRunner(disk.Path);
        gryt.Ok("init");
        File.WriteAllText(Path.Combine(disk.Path, ".gryt", "generations", "v1.0.0.yaml"), Contract);
        gryt.Ok("generation", "list");
        var events = Count(gryt, "SELECT count(*) AS n FROM audit_events");
        disk.Fill();

        foreach (var command in WritingCommands)
        {
            var result = gryt.Run(command.Split(' '));

            Assert.True(result.ExitCode == 5, $"{command}: {result}");
            Assert.Contains("disk full", result.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", result.Err, StringComparison.Ordinal);
        }

        disk.Free();
        Assert.Equal(events, Count(gryt, "SELECT count(*) AS n FROM audit_events"));
        Assert.False(File.Exists(Path.Combine(disk.Path, ".gryt", "generations", "v2.0.0.yaml")));
        gryt.Ok("audit", "verify");
    }

    [RootFact]
    public void Every_command_on_a_read_only_disk_is_exit_5_and_changes_nothing()
    {
        File.WriteAllText(_project.GenerationFile("v1.0.0"), Contract);
        _project.Gryt.Ok("generation", "list");
        var files = Directory.GetFiles(Path.Combine(_project.Root, ".gryt"), "*", SearchOption.AllDirectories).Length;

        using (new ReadOnlyMount(Path.Combine(_project.Root, ".gryt")))
        {
            foreach (var command in WritingCommands)
            {
                var result = _project.Gryt.Run(command.Split(' '));

                Assert.True(result.ExitCode == 5, $"{command}: {result}");
                Assert.Contains("cannot write the database", result.Err, StringComparison.Ordinal);
            }
        }

        Assert.Equal(files, Directory.GetFiles(Path.Combine(_project.Root, ".gryt"), "*", SearchOption.AllDirectories).Length);
        _project.Gryt.Ok("audit", "verify");
    }

    [RootFact]
    public void A_snapshot_that_does_not_fit_on_the_disk_is_exit_5_and_leaves_no_file()
    {
        using var disk = new SmallDisk(megabytes: 4);
        var gryt = new CliRunner(disk.Path);
        gryt.Ok("init");
        gryt.Ok("generation", "new", "v1.0.0");
        disk.Fill(leaveBytes: 32 * 1024);

        var result = gryt.Run("audit", "snapshot");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("disk full", result.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.Combine(disk.Path, ".gryt", "snapshots")));
    }

    [Fact]
    public void An_empty_database_beside_records_is_refused_and_the_way_back_is_a_rollback()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        var id = TakeSnapshot(_project.Gryt);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(Database + suffix);
        File.WriteAllBytes(Database, []);

        var refused = _project.Gryt.Run("generation", "list");
        var listed = _project.Gryt.Run("audit", "list-snapshots");

        Assert.Equal(5, refused.ExitCode);
        Assert.Contains("is empty (0 bytes)", refused.Err, StringComparison.Ordinal);
        Assert.Contains("gryt audit rollback", refused.Err, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(Database).Length);
        Assert.Equal(0, listed.ExitCode);
        Assert.Contains(id, listed.Out, StringComparison.Ordinal);
        _project.Gryt.Ok("audit", "rollback", id);
        Assert.Contains("v1.0.0", _project.Gryt.Ok("generation", "list").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void List_snapshots_reads_the_sidecar_files_when_the_database_is_damaged()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        var id = TakeSnapshot(_project.Gryt);
        DamagedDatabase.Overwrite(Database);

        var listed = _project.Gryt.Run("audit", "list-snapshots", "--json");

        Assert.True(listed.ExitCode == 0, listed.ToString());
        Assert.Contains(id, listed.Out, StringComparison.Ordinal);
        Assert.Contains("listing the snapshots from their metadata files", listed.Err, StringComparison.Ordinal);
        Assert.Equal(5, _project.Gryt.Run("generation", "list").ExitCode);
    }

    [Fact]
    public void A_database_failing_its_integrity_check_refuses_snapshots_and_writes_until_a_rollback()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        var good = TakeSnapshot(_project.Gryt);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        DamagedDatabase.CorruptAnIndex(Database);

        var snapshot = _project.Gryt.Run("audit", "snapshot");
        var write = _project.Gryt.Run("generation", "new", "v2.0.0");

        Assert.Equal(5, snapshot.ExitCode);
        Assert.Contains("failed its integrity check", snapshot.Err, StringComparison.Ordinal);
        Assert.Equal(5, write.ExitCode);
        Assert.Contains("gryt writes nothing to it", write.Err, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(SnapshotsFolder, "*.json"));

        var rollback = _project.Gryt.Ok("audit", "rollback", good);

        Assert.Contains("failed its integrity check", rollback.Err, StringComparison.Ordinal);
        _project.Gryt.Ok("generation", "new", "v2.0.0");
        _project.Gryt.Ok("audit", "verify");
    }

    [Fact]
    public void A_rollback_to_a_snapshot_with_an_unreadable_sidecar_is_exit_5_snapshot_damaged()
    {
        var id = TakeSnapshot(_project.Gryt);
        File.WriteAllBytes(Path.Combine(SnapshotsFolder, id + ".json"), []);

        var result = _project.Gryt.Run("audit", "rollback", id);

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains($"snapshot {id} is damaged", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rollback_names_releases_tagged_in_git_whose_promotion_the_restored_database_lost()
    {
        using var repository = new GitRepository();
        var gryt = new CliRunner(repository.Root);
        gryt.Ok("init");
        gryt.Ok("generation", "new", "v1.0.0");
        var before = TakeSnapshot(gryt);
        repository.Git("tag", "--annotate", "-m", "Release v1.0.0", "v1.0.0");
        gryt.Ok("db", "query", "--write", "UPDATE generations SET status = 'promoted', promoted_at = '2025-03-14T13:00:00.000Z', promoted_by = 'Release Bot' WHERE version = 'v1.0.0'");

        var result = gryt.Ok("audit", "rollback", before);

        Assert.Contains("release v1.0.0 is tagged in git (v1.0.0) but the restored database does not record its promotion", result.Err, StringComparison.Ordinal);
        Assert.Contains("gryt generation promote v1.0.0", result.Err, StringComparison.Ordinal);
    }
}
