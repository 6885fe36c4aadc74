using System.Text.Json;
using Gryt.Audit;
using Gryt.Project;
using Gryt.Snapshots;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Snapshots;

public sealed class SnapshotServiceTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private SnapshotService Snapshots => new(_project.Project, _project.Database, _project.Context);

    [Fact]
    public void Take_writes_a_verified_copy_with_its_metadata_in_the_table_and_a_sidecar()
    {
        _project.Contracts.Create("v1.0.0", null);

        var snapshot = Snapshots.Take(SnapshotReasons.Manual, "before-migration");

        var file = Path.Combine(_project.Project.SnapshotsFolder, snapshot.File);
        Assert.True(File.Exists(file));
        Assert.Equal("ok", snapshot.Integrity);
        Assert.Equal(new FileInfo(file).Length, snapshot.SizeBytes);
        Assert.Equal(Sha256.OfFile(file), snapshot.Sha256);
        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM snapshots WHERE snapshot_id = $1 AND label = 'before-migration' AND reason = 'manual'", snapshot.SnapshotId));
        using var sidecar = JsonDocument.Parse(File.ReadAllText(Path.Combine(_project.Project.SnapshotsFolder, snapshot.SnapshotId + ".json")));
        Assert.Equal(snapshot.Sha256, sidecar.RootElement.GetProperty("sha256").GetString());
        Assert.Equal("before-migration", sidecar.RootElement.GetProperty("label").GetString());
        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM audit_events WHERE event_type = 'snapshot.created' AND resource_id = $1", snapshot.SnapshotId));
        Assert.False(File.Exists(file + "-wal"));
    }

    [Theory]
    [InlineData("before\u202Enoitargim")]
    [InlineData("\u001b]0;title\u0007")]
    public void A_label_with_a_control_or_bidirectional_character_is_refused_and_nothing_is_written(string label)
    {
        Assert.Throws<InvalidInputException>(() => Snapshots.Take(SnapshotReasons.Manual, label));

        Assert.False(Directory.Exists(_project.Project.SnapshotsFolder) && Directory.EnumerateFileSystemEntries(_project.Project.SnapshotsFolder).Any());
    }

    [Fact]
    public void Snapshots_taken_in_the_same_second_never_collide()
    {
        // The test context's clock is the system clock; the ids carry random bits as well.
        var ids = Enumerable.Range(0, 5).Select(_ => Snapshots.Take(SnapshotReasons.Manual, "same").SnapshotId).ToList();

        Assert.Equal(5, ids.Distinct().Count());
        Assert.Equal(5, Snapshots.List().Count);
    }

    [Fact]
    public void Rollback_restores_the_snapshot_and_keeps_the_state_it_replaced()
    {
        _project.Contracts.Create("v1.0.0", null);
        var snapshot = Snapshots.Take(SnapshotReasons.Manual, "one");
        _project.Contracts.Create("v9.0.0", null);

        var result = Snapshots.Rollback(snapshot.SnapshotId);

        Assert.Equal(0L, _project.Scalar("SELECT count(*) FROM generations WHERE version = 'v9.0.0'"));
        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM generations WHERE version = 'v1.0.0'"));
        Assert.Equal(SnapshotReasons.BeforeRollback, result.Before.Reason);
        var list = Snapshots.List();
        Assert.Equal(2, list.Count);
        Assert.Contains(list, s => s.SnapshotId == result.Before.SnapshotId);
        Assert.Equal(2L, _project.Scalar("SELECT count(*) FROM snapshots"));
        Assert.True(AuditChain.Verify(_project.Database).Intact);
        Assert.Equal("database.rolled_back", _project.Scalar("SELECT event_type FROM audit_events ORDER BY seq DESC LIMIT 1"));

        // Nothing is lost: rolling back to the automatic snapshot brings v9.0.0 back.
        Snapshots.Rollback(result.Before.SnapshotId);
        Assert.Equal(1L, _project.Scalar("SELECT count(*) FROM generations WHERE version = 'v9.0.0'"));
        Assert.Equal(3, Snapshots.List().Count);
        Assert.True(AuditChain.Verify(_project.Database).Intact);
    }

    [Fact]
    public void Listing_still_knows_snapshots_taken_after_the_restored_state()
    {
        var first = Snapshots.Take(SnapshotReasons.Manual, "first");
        var second = Snapshots.Take(SnapshotReasons.Manual, "second");

        Snapshots.Rollback(first.SnapshotId);

        var ids = Snapshots.List().Select(s => s.SnapshotId).ToList();
        Assert.Contains(second.SnapshotId, ids);
        Assert.Equal(3, ids.Count);
    }

    [Fact]
    public void An_unknown_snapshot_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => Snapshots.Rollback("no-such-snapshot"));
        Assert.Throws<NotFoundException>(() => Snapshots.Rollback("../gryt"));
    }

    [Fact]
    public void A_damaged_snapshot_is_refused_and_nothing_changes()
    {
        var snapshot = Snapshots.Take(SnapshotReasons.Manual, null);
        _project.Contracts.Create("v2.0.0", null);
        var path = Path.Combine(_project.Project.SnapshotsFolder, snapshot.File);
        using (var file = File.OpenWrite(path))
        {
            file.Seek(5000, SeekOrigin.Begin);
            file.Write(Enumerable.Repeat((byte)0x5A, 64).ToArray());
        }

        var before = _project.Fingerprint();
        var files = Directory.GetFiles(_project.Project.SnapshotsFolder).Length;

        var error = Assert.Throws<GrytEnvironmentException>(() => Snapshots.Rollback(snapshot.SnapshotId));

        Assert.Contains("SHA-256", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _project.Fingerprint());
        Assert.Equal(files, Directory.GetFiles(_project.Project.SnapshotsFolder).Length);
    }

    [Fact]
    public void A_snapshot_whose_file_is_gone_is_refused()
    {
        var snapshot = Snapshots.Take(SnapshotReasons.Manual, null);
        File.Delete(Path.Combine(_project.Project.SnapshotsFolder, snapshot.File));

        Assert.Throws<GrytEnvironmentException>(() => Snapshots.Rollback(snapshot.SnapshotId));
        Assert.False(Assert.Single(Snapshots.List()).FileExists);
    }

    [Fact]
    public void The_config_turns_snapshots_before_promotion_off_and_rejects_unknown_keys()
    {
        Assert.True(ProjectConfig.Load(_project.Project).SnapshotBeforePromotion);
        File.WriteAllText(_project.Project.ConfigPath, "snapshots:\n  before_promotion: false\n");
        Assert.False(ProjectConfig.Load(_project.Project).SnapshotBeforePromotion);
        File.WriteAllText(_project.Project.ConfigPath, "snapshots:\n  before_promotions: false\n");
        Assert.Throws<InvalidFileException>(() => ProjectConfig.Load(_project.Project));
    }
}
