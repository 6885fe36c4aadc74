using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

public sealed class AuditCommandTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private List<JsonElement> Snapshots()
    {
        using var document = JsonDocument.Parse(_project.Gryt.Ok("audit", "list-snapshots", "--json").Out);
        return document.RootElement.GetProperty("snapshots").EnumerateArray().Select(e => e.Clone()).ToList();
    }

    [Fact]
    public void Verify_passes_on_an_intact_log_and_exits_1_naming_the_tampered_event()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Gryt.Ok("generation", "new", "v1.1.0");
        Assert.Contains("intact", _project.Gryt.Ok("audit", "verify").Out, StringComparison.Ordinal);

        _project.Sql("UPDATE audit_events SET details_json = '{\"forged\":true}' WHERE seq = 1");
        var text = _project.Gryt.Run("audit", "verify");
        var json = _project.Gryt.Run("audit", "verify", "--json");

        Assert.Equal(1, text.ExitCode);
        Assert.Contains("BROKEN at event #1 (edited)", text.Out, StringComparison.Ordinal);
        Assert.Contains("generation.created", text.Out, StringComparison.Ordinal);
        Assert.Equal(1, json.ExitCode);
        using var document = JsonDocument.Parse(json.Out);
        Assert.False(document.RootElement.GetProperty("verified").GetBoolean());
        Assert.Equal("edited", document.RootElement.GetProperty("first_break").GetProperty("kind").GetString());
        Assert.Equal(["verified", "events_checked", "head_hash", "first_break"], document.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["kind", "seq", "event_id", "event_type", "timestamp", "message"], document.RootElement.GetProperty("first_break").EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, document.RootElement.GetProperty("first_break").GetProperty("seq").GetInt64());
        Assert.StartsWith("{\n  \"verified\": false,\n  \"events_checked\": ", json.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Snapshot_list_and_rollback_restore_the_state_and_keep_every_snapshot()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Gryt.Ok("audit", "snapshot", "--label", "before-migration");
        Assert.Contains("before-migration", _project.Gryt.Ok("audit", "list-snapshots").Out, StringComparison.Ordinal);
        var id = Assert.Single(Snapshots()).GetProperty("snapshot_id").GetString()!;
        _project.Gryt.Ok("generation", "new", "v9.0.0");

        var rollback = _project.Gryt.Ok("audit", "rollback", id);

        Assert.Contains($"rolled back to snapshot {id}", rollback.Out, StringComparison.Ordinal);
        Assert.Contains("the state it replaced is kept in snapshot", rollback.Err, StringComparison.Ordinal);
        Assert.Contains("\"n\": 0", _project.Gryt.Ok("db", "query", "SELECT count(*) AS n FROM generations WHERE version = 'v9.0.0'", "--json").Out, StringComparison.Ordinal);
        var after = Snapshots();
        Assert.Equal(2, after.Count);
        Assert.Contains(after, s => s.GetProperty("reason").GetString() == "before-rollback");
        _project.Gryt.Ok("audit", "verify");
    }

    [Fact]
    public void Rollback_to_an_unknown_snapshot_exits_3_and_a_damaged_one_exits_5()
    {
        Assert.Equal(3, _project.Gryt.Run("audit", "rollback", "no-such-snapshot").ExitCode);

        _project.Gryt.Ok("audit", "snapshot");
        var snapshot = Assert.Single(Snapshots());
        File.WriteAllText(Path.Combine(_project.Root, ".gryt", "snapshots", snapshot.GetProperty("file").GetString()!), "not a database");

        var result = _project.Gryt.Run("audit", "rollback", snapshot.GetProperty("snapshot_id").GetString()!);

        Assert.Equal(5, result.ExitCode);
        Assert.Contains("nothing was changed", result.Err, StringComparison.Ordinal);
        Assert.Single(Snapshots());
    }

    [Fact]
    public void Hotfix_creates_the_next_patch_of_a_promoted_release_and_show_names_its_base()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Sql("UPDATE generations SET status = 'promoted', promoted_at = '2025-03-14T13:00:00.000Z', promoted_by = 'Release Bot' WHERE version = 'v1.0.0'");

        var created = _project.Gryt.Ok("audit", "hotfix", "v1.0.0", "--issue", "CRIT-99", "--title", "Fix payment processing crash");
        var show = _project.Gryt.Ok("generation", "show", "v1.0.1");

        Assert.Contains("hotfix v1.0.1 created from v1.0.0 for CRIT-99", created.Out, StringComparison.Ordinal);
        Assert.Contains("CRIT-99", show.Out, StringComparison.Ordinal);
        Assert.Contains("Hotfix of:", show.Out, StringComparison.Ordinal);
        Assert.Equal(4, _project.Gryt.Run("audit", "hotfix", "v1.0.1", "-i", "CRIT-100").ExitCode);
        Assert.Equal(3, _project.Gryt.Run("audit", "hotfix", "v9.9.9", "-i", "CRIT-1", "--title", "x").ExitCode);
        Assert.Equal(2, _project.Gryt.Run("audit", "hotfix", "v1.0.0", "-i", "not an id").ExitCode);
        Assert.Equal(4, _project.Gryt.Run("audit", "hotfix-promote", "v1.0.0").ExitCode);
        var gate = _project.Gryt.Run("audit", "hotfix-promote", "v1.0.1");
        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("unproven: CRIT-99", gate.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Rollback_recovers_a_database_that_cannot_be_opened_and_keeps_the_damaged_file()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Gryt.Ok("audit", "snapshot", "--label", "good");
        var id = Assert.Single(Snapshots()).GetProperty("snapshot_id").GetString()!;
        var database = Path.Combine(_project.Root, ".gryt", "gryt.db");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "-wal", "-shm" }) File.Delete(database + suffix);
        File.WriteAllText(database, new string('x', 8192));
        Assert.Equal(5, _project.Gryt.Run("generation", "list").ExitCode);

        var result = _project.Gryt.Ok("audit", "rollback", id);

        Assert.Contains("over a damaged database", result.Out, StringComparison.Ordinal);
        Assert.Contains("v1.0.0", _project.Gryt.Ok("generation", "list").Out, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_project.Root, ".gryt"), "gryt.db.damaged-*"));
        _project.Gryt.Ok("audit", "verify");
    }
}
