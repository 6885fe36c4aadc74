using Gryt.Contracts;
using Gryt.Project;
using Gryt.Scaffolding.Init;
using Gryt.Snapshots;
using Gryt.Storage;
using Gryt.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Gryt.Tests.Storage;

/// <summary>Databases that cannot be used: devices, empty files, failed integrity checks, full disks.</summary>
public sealed class StorageFaultTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_device_as_the_database_is_not_a_database_not_an_internal_error()
    {
        var error = Assert.Throws<GrytEnvironmentException>(() => GrytDatabase.Open("/dev/null"));

        Assert.Contains("/dev/null is not a database", error.Message, StringComparison.Ordinal);
        Assert.IsNotType<DamagedDatabaseException>(error);
    }

    [Fact]
    public void A_folder_as_the_database_is_not_a_database()
    {
        var error = Assert.Throws<GrytEnvironmentException>(() => GrytDatabase.Open(_folder.Path));

        Assert.Contains("is not a database: it is a folder", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_database_beside_contract_files_is_refused_and_left_as_it_is()
    {
        var project = ProjectInitializer.Initialize(_folder.Path, force: false).Project;
        File.WriteAllText(Path.Combine(project.GenerationsFolder, "v1.0.0.yaml"), "version: v1.0.0\nchanges: []\n");
        File.WriteAllBytes(project.DatabasePath, []);

        var error = Assert.Throws<DamagedDatabaseException>(() => ProjectDatabase.Open(project));

        Assert.Contains("is empty (0 bytes) while .gryt/ holds 1 contract file and 0 snapshots", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, new FileInfo(project.DatabasePath).Length);
    }

    [Fact]
    public void An_empty_database_in_a_brand_new_project_is_initialised()
    {
        var project = ProjectInitializer.Initialize(_folder.Path, force: false).Project;
        File.WriteAllBytes(project.DatabasePath, []);

        using var database = ProjectDatabase.Open(project);

        Assert.True(new FileInfo(project.DatabasePath).Length > 0);
    }

    [Fact]
    public void A_snapshot_of_a_database_that_fails_its_integrity_check_is_refused_and_writes_stop()
    {
        var project = ProjectInitializer.Initialize(_folder.Path, force: false).Project;
        var context = GrytContext.For("Test User <test@example.invalid>");
        using (var database = GrytDatabase.Open(project.DatabasePath))
        {
            new ContractService(project, database, context).Create("v1.0.0", null);
        }

        DamagedDatabase.CorruptAnIndex(project.DatabasePath);
        using (var damaged = GrytDatabase.Open(project.DatabasePath))
        {
            var snapshots = new SnapshotService(project, damaged, context);

            var refused = Assert.Throws<DamagedDatabaseException>(() => snapshots.Take(SnapshotReasons.Manual, null));
            var write = Assert.Throws<DamagedDatabaseException>(() => new ContractService(project, damaged, context).Create("v2.0.0", null));

            Assert.Contains("failed its integrity check", refused.Message, StringComparison.Ordinal);
            Assert.Contains("gryt writes nothing to it", write.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(project.SnapshotsFolder));
            Assert.NotNull(damaged.IntegrityFailure);
        }
    }

    [RootFact]
    public void A_full_disk_is_exit_5_disk_full_and_the_database_is_unchanged()
    {
        using var disk = new SmallDisk(megabytes: 4);
        var project = ProjectInitializer.Initialize(disk.Path, force: false).Project;
        var context = GrytContext.For("Test User <test@example.invalid>");
        using var database = GrytDatabase.Open(project.DatabasePath);
        var contracts = new ContractService(project, database, context);
        contracts.Create("v1.0.0", null);
        var size = new FileInfo(project.DatabasePath).Length;
        disk.Fill();

        var error = Assert.ThrowsAny<Exception>(() =>
        {
            for (var i = 1; i < 200; i++) contracts.Create($"v1.{i}.0", null);
        });

        Assert.StartsWith("disk full", StorageFaults.Classify(error)?.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(project.GenerationsFolder));
        disk.Free();
        Assert.True(new FileInfo(project.DatabasePath).Length >= size);
        using var check = GrytDatabase.Open(project.DatabasePath);
    }

    [RootFact]
    public void A_database_on_a_read_only_disk_is_an_environment_error()
    {
        var project = ProjectInitializer.Initialize(_folder.Path, force: false).Project;
        var context = GrytContext.For("Test User <test@example.invalid>");
        using (var database = GrytDatabase.Open(project.DatabasePath))
        {
            new ContractService(project, database, context).Create("v1.0.0", null);
        }

        using var readOnly = new ReadOnlyMount(project.GrytFolder);

        var error = Assert.ThrowsAny<Exception>(() =>
        {
            using var database = GrytDatabase.Open(project.DatabasePath);
            new ContractService(project, database, context).Create("v2.0.0", null);
        });

        var classified = Assert.IsAssignableFrom<GrytEnvironmentException>(StorageFaults.Classify(error));
        Assert.Contains("cannot write the database", classified.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Io_failures_of_the_disk_are_classified_and_other_failures_are_left_as_bugs()
    {
        Assert.StartsWith("disk full", StorageFaults.Classify(new IOException("No space left on device", 28))!.Message, StringComparison.Ordinal);
        Assert.Contains("read-only", StorageFaults.Classify(new IOException("Read-only file system", 30))!.Message, StringComparison.Ordinal);
        Assert.IsType<DamagedDatabaseException>(StorageFaults.Classify(new SqliteException("file is not a database", 26)));
        Assert.StartsWith("disk full", StorageFaults.Classify(new SqliteException("database or disk is full", 13))!.Message, StringComparison.Ordinal);
        var full = new SqliteException("SQLite Error 13: 'database or disk is full For more information on this error code see https://www.sqlite.org/rescode.html'.", 13);
        Assert.EndsWith("(SQLite Error 13: 'database or disk is full')", StorageFaults.Classify(full)!.Message, StringComparison.Ordinal);
        Assert.Null(StorageFaults.Classify(new InvalidOperationException("a bug")));
        Assert.Null(StorageFaults.Classify(new SqliteException("constraint", 19)));
    }
}
