using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Storage;

public sealed class QueryRunnerTests : IDisposable
{
    private readonly TestProject _project = new();

    public QueryRunnerTests()
    {
        _project.Contracts.Create("v1.0.0", "first");
        _project.Contracts.Create("v2.0.0", null);
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Reads_columns_and_rows()
    {
        var result = QueryRunner.Run(_project.Database, "SELECT version, description, 42 AS answer FROM generations ORDER BY version", allowWrite: false);

        Assert.Equal(["version", "description", "answer"], result.Columns);
        Assert.Equal(2, result.Rows.Count);
        Assert.Equal(["v1.0.0", "first", 42L], result.Rows[0]);
        Assert.Equal(["v2.0.0", null, 42L], result.Rows[1]);
        Assert.Equal(0, result.RowsChanged);
    }

    [Fact]
    public void Reads_parameterless_statements_that_return_no_rows()
    {
        var result = QueryRunner.Run(_project.Database, "SELECT version FROM generations WHERE 0", allowWrite: false);

        Assert.Equal(["version"], result.Columns);
        Assert.Empty(result.Rows);
    }

    [Theory]
    [InlineData("INSERT INTO sync_state (resource_type, resource_id) VALUES ('a', 'b')")]
    [InlineData("UPDATE generations SET description = 'changed'")]
    [InlineData("DELETE FROM generations")]
    [InlineData("DROP TABLE audit_events")]
    [InlineData("CREATE TABLE extra (x)")]
    [InlineData("SELECT 1; DELETE FROM generations")]
    [InlineData("select 1;\n  delete\n  from generations")]
    [InlineData("WITH x AS (SELECT 1) DELETE FROM generations")]
    [InlineData("PRAGMA user_version = 99")]
    [InlineData("PRAGMA query_only = 0; DELETE FROM generations")]
    [InlineData("PRAGMA query_only = OFF; UPDATE generations SET description = 'changed'")]
    public void Refuses_a_write_without_allow_write_and_changes_nothing(string sql)
    {
        var before = _project.Fingerprint();
        var schema = _project.Scalar("SELECT group_concat(sql, ';') FROM sqlite_master");

        var error = Assert.Throws<InvalidInputException>(() => QueryRunner.Run(_project.Database, sql, allowWrite: false));

        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, _project.Fingerprint());
        Assert.Equal(schema, _project.Scalar("SELECT group_concat(sql, ';') FROM sqlite_master"));
        Assert.Equal(0L, _project.Scalar("SELECT count(*) FROM sync_state"));
        Assert.Equal((long)GrytDatabase.SchemaVersion, _project.Scalar("PRAGMA user_version"));
    }

    [Fact]
    public void Refuses_attaching_a_database_file_and_creates_no_file()
    {
        var attached = Path.Combine(_project.Root, "attached.db");

        Assert.Throws<InvalidInputException>(() => QueryRunner.Run(
            _project.Database, $"ATTACH DATABASE '{attached}' AS other; CREATE TABLE other.t (x)", allowWrite: false));

        Assert.False(File.Exists(attached) && new FileInfo(attached).Length > 0);
    }

    [Fact]
    public void Vacuum_into_is_refused_without_allow_write()
    {
        var copy = Path.Combine(_project.Root, "copy.db");

        // SQLite still creates the (empty) target file before refusing; the database is untouched.
        var error = Assert.Throws<InvalidInputException>(() => QueryRunner.Run(_project.Database, $"VACUUM INTO '{copy}'", allowWrite: false));

        Assert.Contains("read-only", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(copy) && new FileInfo(copy).Length > 0);
    }

    [Fact]
    public void After_a_refused_write_the_connection_can_write_again()
    {
        Assert.Throws<InvalidInputException>(() => QueryRunner.Run(_project.Database, "DELETE FROM generations", allowWrite: false));

        _project.Contracts.Create("v3.0.0", null);

        Assert.Equal(3, _project.Count("generations"));
    }

    [Fact]
    public void With_allow_write_applies_the_statement_and_reports_the_rows_changed()
    {
        var result = QueryRunner.Run(_project.Database, "UPDATE generations SET description = 'changed'", allowWrite: true);

        Assert.Equal(2, result.RowsChanged);
        Assert.Empty(result.Columns);
        Assert.Equal(2L, _project.Scalar("SELECT count(*) FROM generations WHERE description = 'changed'"));
    }

    [Fact]
    public void With_allow_write_runs_the_before_commit_action_in_the_same_transaction()
    {
        var called = false;

        QueryRunner.Run(_project.Database, "DELETE FROM sync_state", allowWrite: true, transaction =>
        {
            called = true;
            Assert.NotNull(transaction);
        });

        Assert.True(called);
    }

    [Fact]
    public void A_failing_write_is_rolled_back_whole()
    {
        var before = _project.Fingerprint();

        Assert.Throws<InvalidInputException>(() => QueryRunner.Run(
            _project.Database, "UPDATE generations SET description = 'changed'; INSERT INTO no_such_table VALUES (1)", allowWrite: true));

        Assert.Equal(before, _project.Fingerprint());
    }

    [Theory]
    [InlineData("SELEC version FROM generations")]
    [InlineData("SELECT nope FROM generations")]
    [InlineData("SELECT * FROM no_such_table")]
    [InlineData("SELECT 1; SELEC 2")]
    public void A_sql_error_is_invalid_input(string sql)
    {
        var error = Assert.Throws<InvalidInputException>(() => QueryRunner.Run(_project.Database, sql, allowWrite: false));

        Assert.StartsWith("SQL error: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_constraint_violation_with_allow_write_is_invalid_input()
    {
        var error = Assert.Throws<InvalidInputException>(() => QueryRunner.Run(
            _project.Database, "INSERT INTO generations (generation_id, version, status, created_at, updated_at) VALUES ('x', 'v9', 'bogus', 'now', 'now')", allowWrite: true));

        Assert.Contains("CHECK", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    public void An_empty_query_is_invalid_input(string sql)
    {
        Assert.Throws<InvalidInputException>(() => QueryRunner.Run(_project.Database, sql, allowWrite: false));
    }
}
