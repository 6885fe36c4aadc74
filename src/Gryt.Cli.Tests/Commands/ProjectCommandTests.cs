using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>Behaviour of the commands beyond their output format: where state goes, what is refused.</summary>
public sealed class ProjectCommandTests : IDisposable
{
    private readonly CliProject _project = new(initialise: false);

    public void Dispose() => _project.Dispose();

    private string QueryScalar(string sql)
    {
        using var json = JsonDocument.Parse(_project.Gryt.Ok("db", "query", "--json", sql).Out);
        var row = json.RootElement.GetProperty("rows")[0];
        return row.EnumerateObject().First().Value.ToString();
    }

    [Fact]
    public void Gryt_db_puts_the_database_elsewhere_for_init_and_every_later_command()
    {
        var database = Path.Combine(_project.Root, "state", "other.db");
        Directory.CreateDirectory(Path.GetDirectoryName(database)!);
        _project.Gryt.Variables["GRYT_DB"] = database;

        _project.Gryt.Ok("init");
        _project.Gryt.Ok("generation", "new", "v1.0.0");

        Assert.True(File.Exists(database));
        Assert.False(File.Exists(Path.Combine(_project.Root, ".gryt", "gryt.db")));
        Assert.Equal("1", QueryScalar("SELECT count(*) FROM generations"));
    }

    [Fact]
    public void Init_with_a_path_creates_the_project_there()
    {
        _project.Gryt.Ok("init", "sub/project");

        Assert.True(File.Exists(Path.Combine(_project.Root, "sub", "project", ".gryt", "gryt.db")));
        Assert.False(Directory.Exists(Path.Combine(_project.Root, ".gryt")));
    }

    [Fact]
    public void Init_force_keeps_generations_and_the_database()
    {
        _project.Gryt.Ok("init");
        _project.Gryt.Ok("generation", "new", "v1.0.0");

        _project.Gryt.Ok("init", "--force");

        Assert.True(File.Exists(_project.GenerationFile("v1.0.0")));
        Assert.Equal("1", QueryScalar("SELECT count(*) FROM generations"));
    }

    [Fact]
    public void Update_of_a_promoted_generation_exits_4_and_changes_nothing()
    {
        _project.Gryt.Ok("init");
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Sql("UPDATE generations SET status = 'promoted' WHERE version = 'v1.0.0'");
        _project.WriteContract("v1.0.0", "version: v1.0.0\nchanges:\n  - type: add\n    id: LATE-1\n    title: \"too late\"\n");

        var result = _project.Gryt.Run("generation", "update", "v1.0.0");

        Assert.Equal(4, result.ExitCode);
        Assert.StartsWith("gryt: error: generation v1.0.0 is promoted", result.Err, StringComparison.Ordinal);
        Assert.Equal("0", QueryScalar("SELECT count(*) FROM generation_changes"));
    }

    [Fact]
    public void Show_of_a_promoted_generation_whose_file_was_edited_warns_and_shows_the_frozen_contract()
    {
        _project.Gryt.Ok("init");
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Sql("UPDATE generations SET status = 'promoted' WHERE version = 'v1.0.0'");
        _project.WriteContract("v1.0.0", "version: v1.0.0\nchanges:\n  - type: add\n    id: LATE-1\n    title: \"too late\"\n");

        var result = _project.Gryt.Ok("generation", "show", "v1.0.0");

        Assert.Contains("gryt: warning: .gryt/generations/v1.0.0.yaml differs from the promoted contract", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("LATE-1", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Db_query_write_is_recorded_in_the_audit_trail()
    {
        _project.Gryt.Ok("init");

        _project.Gryt.Ok("db", "query", "--write", "DELETE FROM sync_state");

        Assert.Equal("DELETE FROM sync_state", QueryScalar("SELECT json_extract(details_json, '$.sql') FROM audit_events WHERE event_type = 'db.write'"));
        Assert.Equal(CliRunner.Actor, QueryScalar("SELECT actor FROM audit_events WHERE event_type = 'db.write'"));
    }

    [Fact]
    public void Db_query_cannot_switch_read_only_off_itself()
    {
        _project.Gryt.Ok("init");
        _project.Gryt.Ok("generation", "new", "v1.0.0");

        var result = _project.Gryt.Run("db", "query", "PRAGMA query_only = 0; DELETE FROM generations");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("1", QueryScalar("SELECT count(*) FROM generations"));
    }
}
