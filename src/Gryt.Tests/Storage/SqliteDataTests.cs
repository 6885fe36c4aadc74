using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Storage;

public sealed class SqliteDataTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private long Generations()
    {
        using var command = _project.Database.Connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM generations";
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public void Query_reads_with_positional_parameters()
    {
        _project.Contracts.Create("v1.0.0", null);
        using var data = new SqliteData(_project.Database);

        var rows = data.Query("SELECT version FROM generations WHERE version = ?", "v1.0.0");

        Assert.Equal("v1.0.0", Assert.Single(rows)["VERSION"]);
    }

    [Theory]
    [InlineData("DELETE FROM generations")]
    [InlineData("PRAGMA query_only = 0; DELETE FROM generations")]
    [InlineData("SELECT 1; DELETE FROM generations")]
    public void Query_cannot_write_however_the_statement_is_spelled(string sql)
    {
        _project.Contracts.Create("v1.0.0", null);
        using var data = new SqliteData(_project.Database);

        Assert.Throws<InvalidInputException>(() =>
        {
            var rows = data.Query(sql);
        });
        Assert.Equal(1, Generations());
        Assert.Single(data.Query("SELECT version FROM generations"));
    }
}
