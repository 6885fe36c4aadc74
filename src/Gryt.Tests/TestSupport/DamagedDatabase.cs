using Microsoft.Data.Sqlite;

namespace Gryt.Tests.TestSupport;

/// <summary>Ways a real database file gets damaged, for tests.</summary>
internal static class DamagedDatabase
{
    /// <summary>Scrambles the cells of an index's page: the file still opens and its tables read,
    /// but <c>PRAGMA integrity_check</c> fails. The database must not be open elsewhere.</summary>
    public static void CorruptAnIndex(string databasePath)
    {
        long rootPage;
        long pageSize;
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString()))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """
                CREATE TABLE filler (a TEXT);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20) INSERT INTO filler SELECT 'value-' || i FROM n;
                CREATE INDEX filler_a ON filler (a);
                PRAGMA wal_checkpoint(TRUNCATE);
                """;
            command.ExecuteNonQuery();
            command.CommandText = "SELECT rootpage FROM sqlite_master WHERE name = 'filler_a'";
            rootPage = (long)command.ExecuteScalar()!;
            command.CommandText = "PRAGMA page_size";
            pageSize = (long)command.ExecuteScalar()!;
        }

        // Cells fill a page from its end: the last bytes of the index's page are its entries.
        using var file = new FileStream(databasePath, FileMode.Open, FileAccess.Write);
        file.Seek((rootPage * pageSize) - 200, SeekOrigin.Begin);
        file.Write(Enumerable.Repeat((byte)'Z', 150).ToArray());
    }

    /// <summary>Replaces the file (and drops its -wal/-shm) with bytes that are not a database at all.</summary>
    public static void Overwrite(string databasePath)
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(databasePath + suffix);
        File.WriteAllText(databasePath, new string('x', 8192));
    }
}
