using Gryt.Storage;
using Gryt.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Gryt.Tests.Storage;

/// <summary>Migration 3 widens a CHECK constraint in place; the rows and their links must survive it.</summary>
public sealed class RevocationMigrationTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Migration(string file)
    {
        using var stream = typeof(GrytDatabase).Assembly.GetManifestResourceStream("Gryt.Storage.Migrations." + file)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static SqliteConnection Raw(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, ForeignKeys = true }.ToString());
        connection.Open();
        return connection;
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private string SchemaTwoDatabaseWithOneRelease()
    {
        var path = _folder.Combine("gryt.db");
        using var connection = Raw(path);
        Scalar(connection, Migration("0001_initial.sql") + Migration("0002_hook_deliveries.sql") + "PRAGMA user_version = 2;");
        Scalar(connection, """
            INSERT INTO generations (generation_id, version, status, created_at, updated_at) VALUES ('g1', 'v1.0.0', 'promoted', 't', 't');
            INSERT INTO generation_changes (generation_id, change_id, type, title, position) VALUES ('g1', 'FEAT-1', 'add', 'One', 0);
            """);
        return path;
    }

    [Fact]
    public void An_existing_database_keeps_its_changes_and_admits_the_revoked_status()
    {
        var path = SchemaTwoDatabaseWithOneRelease();

        using (var database = GrytDatabase.Open(path))
        {
            using var command = database.Connection.CreateCommand();
            command.CommandText = "UPDATE generations SET status = 'revoked', revoked_reason = 'r' WHERE generation_id = 'g1'";
            Assert.Equal(1, command.ExecuteNonQuery());
        }

        using var connection = Raw(path);
        Assert.Equal((long)GrytDatabase.SchemaVersion, Scalar(connection, "PRAGMA user_version"));
        Assert.Equal("ok", Scalar(connection, "PRAGMA integrity_check"));
        Assert.Equal(1L, Scalar(connection, "SELECT count(*) FROM generation_changes WHERE generation_id = 'g1'"));
        Assert.Equal(1L, Scalar(connection, "SELECT changes_total FROM generations WHERE generation_id = 'g1'"));
        Assert.Equal("revoked", Scalar(connection, "SELECT status FROM generations"));
        Assert.Throws<SqliteException>(() => Scalar(connection, "UPDATE generations SET status = 'bogus'"));
    }

    [Fact]
    public void A_new_database_checks_the_widened_status_list()
    {
        using var database = GrytDatabase.Open(_folder.Combine("new.db"));
        using var command = database.Connection.CreateCommand();
        command.CommandText = """
            INSERT INTO generations (generation_id, version, status, created_at, updated_at) VALUES ('g1', 'v1.0.0', 'revoked', 't', 't');
            """;
        command.ExecuteNonQuery();
        command.CommandText = "INSERT INTO generations (generation_id, version, status, created_at, updated_at) VALUES ('g2', 'v2.0.0', 'bogus', 't', 't')";
        Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
    }
}
