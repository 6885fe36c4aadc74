using System.Globalization;
using Gryt.Storage;
using Gryt.Tests.TestSupport;
using Microsoft.Data.Sqlite;

namespace Gryt.Tests.Storage;

public sealed class GrytDatabaseTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static object? Scalar(GrytDatabase database, string sql)
    {
        using var command = database.Connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static object? ScalarOnRawConnection(string path, string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public void A_new_file_is_migrated_to_the_current_schema_in_wal_mode_with_foreign_keys()
    {
        var path = _folder.Combine("gryt.db");

        using var database = GrytDatabase.Open(path);

        Assert.True(GrytDatabase.SchemaVersion >= 1);
        Assert.Equal((long)GrytDatabase.SchemaVersion, Scalar(database, "PRAGMA user_version"));
        Assert.Equal("wal", Scalar(database, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(database, "PRAGMA foreign_keys"));
        Assert.Equal(Path.GetFullPath(path), database.Path);
    }

    [Fact]
    public void Looking_for_running_evolutions_uses_an_index_not_a_scan_of_the_history()
    {
        using var database = GrytDatabase.Open(_folder.Combine("gryt.db"));
        using var query = database.Command("SELECT evolution_id FROM evolutions e WHERE e.status = 'running'");
        var plan = database.QueryPlan(query);

        Assert.Contains(plan, step => step.Contains("ix_evolutions_running", StringComparison.Ordinal));
    }

    [Fact]
    public void The_schema_has_the_tables_users_query()
    {
        using var database = GrytDatabase.Open(_folder.Combine("gryt.db"));

        foreach (var table in new[]
        {
            "generations", "generation_changes", "evolutions", "evolution_changes", "pipeline_runs", "step_runs",
            "data_rows", "policies_checks", "audit_events", "snapshots", "sync_state",
        })
        {
            Assert.Equal(1L, Scalar(database, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{table}'"));
        }
    }

    [Fact]
    public void Wal_mode_is_kept_by_the_file_after_reopening()
    {
        var path = _folder.Combine("gryt.db");
        using (GrytDatabase.Open(path))
        {
        }

        Assert.Equal("wal", ScalarOnRawConnection(path, "PRAGMA journal_mode"));
        using var again = GrytDatabase.Open(path);
        Assert.Equal((long)GrytDatabase.SchemaVersion, Scalar(again, "PRAGMA user_version"));
    }

    [Fact]
    public void Foreign_keys_are_enforced()
    {
        using var database = GrytDatabase.Open(_folder.Combine("gryt.db"));

        var error = Assert.Throws<SqliteException>(() => database.WriteTransaction(transaction =>
        {
            using var command = database.Command(
                "INSERT INTO generation_changes (generation_id, change_id, type, title, position) VALUES ('missing', 'X', 'add', 't', 0)",
                transaction);
            command.ExecuteNonQuery();
        }));

        Assert.Equal(19, error.SqliteErrorCode);
    }

    [Fact]
    public void A_database_from_a_newer_gryt_is_refused()
    {
        var path = _folder.Combine("gryt.db");
        using (GrytDatabase.Open(path))
        {
        }

        ScalarOnRawConnection(path, $"PRAGMA user_version = {GrytDatabase.SchemaVersion + 1}");

        var error = Assert.Throws<GrytEnvironmentException>(() => GrytDatabase.Open(path));
        Assert.Contains("newer than this gryt understands", error.Message, StringComparison.Ordinal);
        Assert.Equal((long)GrytDatabase.SchemaVersion + 1, ScalarOnRawConnection(path, "PRAGMA user_version"));
    }

    [Fact]
    public void A_database_in_a_missing_folder_is_an_environment_error()
    {
        Assert.Throws<GrytEnvironmentException>(() => GrytDatabase.Open(_folder.Combine("no-such-folder", "gryt.db")));
    }

    [Fact]
    public void A_file_that_is_not_a_database_is_an_environment_error()
    {
        var path = _folder.Combine("gryt.db");
        File.WriteAllText(path, new string('x', 4096));

        var error = Assert.ThrowsAny<GrytEnvironmentException>(() => GrytDatabase.Open(path));

        Assert.Contains("is damaged or not a database", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_write_transaction_that_throws_is_rolled_back()
    {
        using var database = GrytDatabase.Open(_folder.Combine("gryt.db"));

        Assert.Throws<InvalidOperationException>(() => database.WriteTransaction(transaction =>
        {
            using var command = database.Command("INSERT INTO sync_state (resource_type, resource_id) VALUES ('t', '1')", transaction);
            command.ExecuteNonQuery();
            throw new InvalidOperationException("after the write");
        }));

        Assert.Equal(0L, Scalar(database, "SELECT count(*) FROM sync_state"));
    }

    [Fact]
    public void A_write_transaction_inside_another_is_part_of_it_and_commits_or_rolls_back_with_it()
    {
        using var database = GrytDatabase.Open(_folder.Combine("gryt.db"));
        void Insert(string id) => database.WriteTransaction(transaction =>
        {
            using var command = database.Command($"INSERT INTO sync_state (resource_type, resource_id) VALUES ('t', '{id}')", transaction);
            command.ExecuteNonQuery();
        });

        Assert.Throws<InvalidOperationException>(() => database.WriteTransaction(_ =>
        {
            Insert("1");
            Insert("2");
            throw new InvalidOperationException("after both writes");
        }));
        Assert.Equal(0L, Scalar(database, "SELECT count(*) FROM sync_state"));

        database.WriteTransaction(_ =>
        {
            Insert("1");
            Insert("2");
        });
        Assert.Equal(2L, Scalar(database, "SELECT count(*) FROM sync_state"));
        Assert.Equal(2L, ScalarOnRawConnection(database.Path, "SELECT count(*) FROM sync_state"));
    }

    [Fact]
    public async Task Several_connections_writing_at_once_do_not_fail_with_database_is_locked()
    {
        var path = _folder.Combine("gryt.db");
        using (GrytDatabase.Open(path))
        {
        }

        const int writers = 4;
        const int writesEach = 25;
        using var start = new Barrier(writers);
        var tasks = Enumerable.Range(0, writers).Select(writer => Task.Run(() =>
        {
            // Each writer is a separate GrytDatabase, as separate gryt processes would be.
            using var database = GrytDatabase.Open(path);
            start.SignalAndWait();
            for (var i = 0; i < writesEach; i++)
            {
                database.WriteTransaction(transaction =>
                {
                    // Read-then-write inside one transaction, the pattern that deadlocks with deferred transactions.
                    using var read = database.Command("SELECT count(*) FROM sync_state", transaction);
                    var count = Convert.ToInt32(read.ExecuteScalar(), CultureInfo.InvariantCulture);
                    using var write = database.Command("INSERT INTO sync_state (resource_type, resource_id, local_revision) VALUES ($t, $id, $n)", transaction)
                        .With("$t", "test").With("$id", $"{writer}-{i}").With("$n", count);
                    write.ExecuteNonQuery();
                });
            }
        })).ToArray();

        await Task.WhenAll(tasks);

        using var check = GrytDatabase.Open(path);
        Assert.Equal((long)(writers * writesEach), Scalar(check, "SELECT count(*) FROM sync_state"));
        // Every transaction saw all earlier ones: the counts read are exactly 0 … n-1.
        Assert.Equal((long)(writers * writesEach), Scalar(check, "SELECT count(DISTINCT local_revision) FROM sync_state"));
    }

    [Fact]
    public async Task Several_connections_opening_a_new_file_at_once_migrate_it_once()
    {
        var path = _folder.Combine("gryt.db");
        using var start = new Barrier(4);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            start.SignalAndWait();
            using var database = GrytDatabase.Open(path);
        })));

        Assert.Equal((long)GrytDatabase.SchemaVersion, ScalarOnRawConnection(path, "PRAGMA user_version"));
    }
}
