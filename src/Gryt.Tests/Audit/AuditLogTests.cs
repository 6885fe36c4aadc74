using Gryt.Audit;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Audit;

public sealed class AuditLogTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private sealed record Row(string EventId, string Timestamp, string EventType, string ResourceType, string ResourceId, string Action, string Actor, string DetailsJson, string PrevHash, string Hash);

    private List<Row> Rows()
    {
        using var command = _project.Database.Connection.CreateCommand();
        command.CommandText = "SELECT event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash FROM audit_events ORDER BY seq";
        using var reader = command.ExecuteReader();
        var rows = new List<Row>();
        while (reader.Read())
        {
            rows.Add(new Row(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.GetString(8), reader.GetString(9)));
        }

        return rows;
    }

    private static string Recompute(Row row, string previous) => AuditLog.ComputeHash(
        previous, row.EventId, row.Timestamp, row.EventType, row.ResourceType, row.ResourceId, row.Action, row.Actor, row.DetailsJson);

    /// <summary>Index of the first row whose hash does not follow from the rows before it, or -1.</summary>
    private static int FirstBroken(List<Row> rows)
    {
        var previous = AuditLog.GenesisHash;
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i].PrevHash != previous || Recompute(rows[i], previous) != rows[i].Hash) return i;
            previous = rows[i].Hash;
        }

        return -1;
    }

    private void AppendEvents(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _project.Database.WriteTransaction(transaction => AuditLog.Append(
                _project.Database, transaction, _project.Context, "test.event", "test", $"r{i}", "act",
                new Dictionary<string, object?> { ["n"] = i, ["text"] = "a \"quoted\" value" }));
        }
    }

    [Fact]
    public void Append_returns_the_event_as_stored_and_Newest_finds_the_newest_of_a_kind_about_a_resource()
    {
        AppendEvents(2);
        var store = new Gryt.Storage.AuditStore(_project.Database);
        Gryt.Storage.StoredAuditEvent Append(string type, string resource) => _project.Database.WriteTransaction(transaction =>
            AuditLog.Append(_project.Database, transaction, _project.Context, type, "generation", resource, "act"));

        var first = Append("generation.promoted", "g1");
        Append("generation.revoked", "g1");
        var second = Append("generation.promoted", "g1");
        Append("generation.promoted", "g2");

        Assert.Equal(3, first.Seq);
        Assert.Equal(store.Find(first.EventId), first);
        Assert.Equal(store.Find(second.EventId), store.Newest("generation.promoted", "generation", "g1"));
        Assert.Null(store.Newest("generation.promoted", "generation", "g3"));
        Assert.Null(store.Newest("generation.promoted", "test", "g1"));
    }

    [Fact]
    public void Events_form_a_chain_from_the_genesis_hash()
    {
        AppendEvents(3);

        var rows = Rows();

        Assert.Equal(3, rows.Count);
        Assert.Equal(AuditLog.GenesisHash, rows[0].PrevHash);
        Assert.Equal(rows[0].Hash, rows[1].PrevHash);
        Assert.Equal(rows[1].Hash, rows[2].PrevHash);
        Assert.All(rows, row => Assert.Matches("^[0-9a-f]{64}$", row.Hash));
        Assert.Equal(3, rows.Select(r => r.Hash).Distinct().Count());
    }

    [Fact]
    public void Recomputing_the_hashes_from_the_rows_matches()
    {
        AppendEvents(2);
        _project.Contracts.Create("v1.0.0", "contract events chain too");

        var rows = Rows();

        Assert.Equal(3, rows.Count);
        Assert.Equal(-1, FirstBroken(rows));
    }

    [Fact]
    public void Records_the_actor_and_the_details_as_json()
    {
        AppendEvents(1);

        var row = Assert.Single(Rows());

        Assert.Equal("Test User <test@example.invalid>", row.Actor);
        using var details = System.Text.Json.JsonDocument.Parse(row.DetailsJson);
        Assert.Equal(0, details.RootElement.GetProperty("n").GetInt32());
        Assert.Equal("a \"quoted\" value", details.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public void Editing_the_details_of_a_row_breaks_recomputation_at_that_row()
    {
        AppendEvents(3);

        _project.Execute("UPDATE audit_events SET details_json = '{\"n\":99}' WHERE seq = (SELECT seq FROM audit_events ORDER BY seq LIMIT 1 OFFSET 1)");

        Assert.Equal(1, FirstBroken(Rows()));
    }

    [Fact]
    public void Deleting_a_row_breaks_the_chain_at_the_next_row()
    {
        AppendEvents(3);

        _project.Execute("DELETE FROM audit_events WHERE seq = (SELECT seq FROM audit_events ORDER BY seq LIMIT 1 OFFSET 1)");

        Assert.Equal(1, FirstBroken(Rows()));
    }

    [Fact]
    public void Length_prefixes_keep_different_field_splits_from_hashing_alike()
    {
        Assert.NotEqual(
            AuditLog.ComputeHash(AuditLog.GenesisHash, "ab", "c"),
            AuditLog.ComputeHash(AuditLog.GenesisHash, "a", "bc"));
    }
}
