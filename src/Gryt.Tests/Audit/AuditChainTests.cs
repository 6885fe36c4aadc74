using Gryt.Audit;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Audit;

public sealed class AuditChainTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private void AppendEvents(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _project.Database.WriteTransaction(transaction => AuditLog.Append(
                _project.Database, transaction, _project.Context, "test.event", "test", $"r{i}", "act", new Dictionary<string, object?> { ["n"] = i }));
        }
    }

    private string EventId(long seq) => (string)_project.Scalar("SELECT event_id FROM audit_events WHERE seq = $1", seq)!;

    private ChainBreak Broken()
    {
        var result = AuditChain.Verify(_project.Database);
        Assert.False(result.Intact);
        return result.FirstBreak!;
    }

    [Fact]
    public void An_intact_chain_verifies_with_its_count_and_head()
    {
        AppendEvents(4);

        var result = AuditChain.Verify(_project.Database);

        Assert.True(result.Intact);
        Assert.Equal(4, result.Events);
        Assert.Equal(_project.Scalar("SELECT hash FROM audit_events WHERE seq = 4"), result.HeadHash);
    }

    [Fact]
    public void An_empty_log_verifies()
    {
        var result = AuditChain.Verify(_project.Database);

        Assert.True(result.Intact);
        Assert.Equal(0, result.Events);
        Assert.Equal(AuditLog.GenesisHash, result.HeadHash);
    }

    [Theory]
    [InlineData("details_json", "{\"forged\":true}")]
    [InlineData("actor", "someone else")]
    [InlineData("timestamp", "2020-01-01T00:00:00.000Z")]
    [InlineData("event_type", "forged")]
    public void An_edited_field_is_reported_at_its_event(string column, string value)
    {
        AppendEvents(5);
        _project.Execute($"UPDATE audit_events SET {column} = $1 WHERE seq = 3", value);

        var broken = Broken();

        Assert.Equal(ChainBreakKind.Edited, broken.Kind);
        Assert.Equal(3, broken.Seq);
        Assert.Equal(EventId(3), broken.EventId);
    }

    [Fact]
    public void A_deleted_event_is_reported_as_a_gap()
    {
        AppendEvents(5);
        var next = EventId(3);
        _project.Execute("DELETE FROM audit_events WHERE seq = 2");

        var broken = Broken();

        Assert.Equal(ChainBreakKind.Deleted, broken.Kind);
        Assert.Equal(3, broken.Seq);
        Assert.Equal(next, broken.EventId);
        Assert.Contains("#2", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_the_first_events_is_found()
    {
        AppendEvents(3);
        _project.Execute("DELETE FROM audit_events WHERE seq = 1");

        Assert.Equal(ChainBreakKind.Deleted, Broken().Kind);
    }

    [Fact]
    public void A_deleted_event_with_the_rest_renumbered_breaks_the_link()
    {
        AppendEvents(5);
        _project.Execute("DELETE FROM audit_events WHERE seq = 2");
        _project.Execute("UPDATE audit_events SET seq = seq - 1 WHERE seq > 2");

        var broken = Broken();

        Assert.Equal(ChainBreakKind.BrokenLink, broken.Kind);
        Assert.Equal(2, broken.Seq);
    }

    [Fact]
    public void A_forged_event_with_a_correct_hash_inserted_in_the_middle_is_found()
    {
        AppendEvents(4);
        // The forger makes room after event 2 and writes a row whose hash follows from event 2's.
        _project.Execute("UPDATE audit_events SET seq = seq + 100 WHERE seq > 2");
        _project.Execute("UPDATE audit_events SET seq = seq - 99 WHERE seq > 100");
        var previous = (string)_project.Scalar("SELECT hash FROM audit_events WHERE seq = 2")!;
        string[] fields = ["forged-id", "2025-01-01T00:00:00.000Z", "generation.promoted", "generation", "g", "promote", "mallory", "{}"];
        var hash = AuditLog.ComputeHash(previous, fields);
        _project.Execute(
            "INSERT INTO audit_events (seq, event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash) VALUES (3, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            [.. fields, previous, hash]);

        var broken = Broken();

        Assert.Equal(ChainBreakKind.Inserted, broken.Kind);
        Assert.Equal(3, broken.Seq);
        Assert.Equal("forged-id", broken.EventId);
    }

    [Fact]
    public void Reordered_events_break_the_link()
    {
        AppendEvents(4);
        _project.Execute("UPDATE audit_events SET seq = 100 WHERE seq = 2");
        _project.Execute("UPDATE audit_events SET seq = 2 WHERE seq = 3");
        _project.Execute("UPDATE audit_events SET seq = 3 WHERE seq = 100");

        var broken = Broken();

        Assert.Equal(ChainBreakKind.BrokenLink, broken.Kind);
        Assert.Equal(2, broken.Seq);
    }

    [Fact]
    public void An_edited_event_whose_hash_was_recomputed_breaks_the_next_link()
    {
        AppendEvents(4);
        var prev = (string)_project.Scalar("SELECT prev_hash FROM audit_events WHERE seq = 2")!;
        var row = _project.Scalar("SELECT event_id || char(10) || timestamp FROM audit_events WHERE seq = 2")!.ToString()!.Split('\n');
        var hash = AuditLog.ComputeHash(prev, row[0], row[1], "test.event", "test", "r1", "act", "mallory", "{\"n\":1}");
        _project.Execute("UPDATE audit_events SET actor = 'mallory', hash = $1 WHERE seq = 2", hash);

        var broken = Broken();

        Assert.Equal(ChainBreakKind.BrokenLink, broken.Kind);
        Assert.Equal(3, broken.Seq);
    }
}
