using System.Text;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>
/// The plain <c>generation list</c>, written from the rows' stored bytes (not strings): the same
/// layout as every plain table, whatever the rows hold, to a writer and to stdout's bytes alike.
/// </summary>
public sealed class GenerationListTableTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    /// <summary>stdout as the real process has it: a writer and its bytes, the listing written to the bytes.</summary>
    private string ListToBytes()
    {
        using var bytes = new MemoryStream();
        using var output = new StreamWriter(bytes, new UTF8Encoding(false)) { AutoFlush = true, NewLine = "\n" };
        var environment = new CliEnvironment(output, TextWriter.Null, _project.Root, name => name == "GRYT_ACTOR" ? CliRunner.Actor : null, outputIsTerminal: false, new FixedClock())
        {
            OutBytes = bytes,
        };

        Assert.Equal(0, CliRunner.Invoke(["generation", "list"], environment));
        output.Flush();
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    [Fact]
    public void Cells_wider_than_their_column_times_not_in_gryts_form_and_non_ascii_text_keep_the_layout()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Gryt.Ok("generation", "new", "v1.0.0-beta.1");
        _project.Gryt.Ok("generation", "new", "v2.0.0");
        _project.Sql("UPDATE generations SET created_at = '2025-03-04T05:06:07.890Z'");
        _project.Sql("UPDATE generations SET created_at = '2025-03-04', promoted_at = '' WHERE version = 'v1.0.0-beta.1'");
        // Not ASCII before the cut: cut as characters, as a string would be; an emoji counts two, as in every plain table.
        _project.Sql("UPDATE generations SET status = 'promoted', promoted_at = '2025-03-05Té0:11:12Z' WHERE version = 'v2.0.0'");
        _project.Sql("UPDATE generations SET version = 'v1.0.0-ü🚀' WHERE version = 'v1.0.0'");

        var expected = """
            VERSION        STATUS    PROVEN  EVOLUTIONS  CREATED           PROMOTED
            v1.0.0-beta.1  draft     0/0     0           2025-03-04
            v1.0.0-ü🚀     draft     0/0     0           2025-03-04 05:06  -
            v2.0.0         promoted  0/0     0           2025-03-04 05:06  2025-03-05 é0:11

            """;
        Assert.Equal(expected, _project.Gryt.Ok("generation", "list").Out);
        Assert.Equal(expected, ListToBytes());
    }

    [Fact]
    public void A_list_longer_than_one_piece_is_written_whole_and_in_order()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Sql(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
            INSERT INTO generations (generation_id, version, version_key, created_at, updated_at)
            SELECT 'g' || i, 'v1.1.' || i, printf('0000000001.0000000001.%010d~', i), '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z' FROM n
            """);

        var lines = _project.Gryt.Ok("generation", "list").Out.Split('\n');

        Assert.Equal(2003, lines.Length);
        Assert.Equal("v1.1.2000  draft   0/0     0           2025-01-01 00:00  -", lines[^2]);
        Assert.Equal("", lines[^1]);
        Assert.Equal(string.Join('\n', lines), ListToBytes());
    }
}
