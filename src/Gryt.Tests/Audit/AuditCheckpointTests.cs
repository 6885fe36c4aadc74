using System.Text.Json;
using Gryt.Audit;
using Gryt.Snapshots;
using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Audit;

/// <summary>The remembered checkpoint of the audit chain (migration 0011): what a per-version export checks, and when it walks the whole chain.</summary>
public sealed class AuditCheckpointTests : IDisposable
{
    private readonly TestProject _project = new();

    public AuditCheckpointTests() => _project.Contracts.Create("v1.0.0", null);

    public void Dispose() => _project.Dispose();

    private void AppendEvents(int count, GrytDatabase? database = null)
    {
        var db = database ?? _project.Database;
        for (var i = 0; i < count; i++)
        {
            db.WriteTransaction(transaction => AuditLog.Append(db, transaction, _project.Context, "test.event", "test", $"r{i}", "act", new Dictionary<string, object?> { ["n"] = i }));
        }
    }

    private long Head => (long)_project.Scalar("SELECT max(seq) FROM audit_events")!;

    private StoredAuditCheckpoint? Checkpoint => new AuditStore(_project.Database).Checkpoint();

    /// <summary>A whole `gryt audit verify`: walks everything and remembers what held.</summary>
    private ChainVerification VerifyWhole()
    {
        var chain = AuditChain.Verify(_project.Database);
        AuditChain.Remember(_project.Database, chain, _project.Context.Now);
        return chain;
    }

    private JsonElement ExportVersion(bool verifyAll = false)
    {
        var path = Path.Combine(_project.Root, "one.json");
        new AuditExporter(_project.Project, _project.Database, _project.Context).Export(path, new ExportOptions(ExportFormat.Json, null, "v1.0.0", verifyAll));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.GetProperty("chain").Clone();
    }

    private void Edit(long seq) => _project.Execute("UPDATE audit_events SET actor = 'mallory' WHERE seq = $1", seq);

    [Fact]
    public void A_version_export_checks_only_the_events_after_the_checkpoint_and_says_so()
    {
        AppendEvents(5);
        VerifyWhole();
        var checkpoint = Head;
        AppendEvents(3);

        var chain = ExportVersion();

        Assert.True(chain.GetProperty("verified").GetBoolean());
        Assert.Equal(3, chain.GetProperty("events_checked").GetInt64());
        var from = chain.GetProperty("checked_from");
        Assert.Equal(checkpoint, from.GetProperty("seq").GetInt64());
        Assert.Equal(checkpoint + 3, from.GetProperty("head_seq").GetInt64());
        Assert.False(string.IsNullOrEmpty(from.GetProperty("whole_chain_verified_at").GetString()));
        // The export moved the checkpoint to what it verified (not to its own, unverified, event).
        Assert.Equal(checkpoint + 3, Checkpoint!.Seq);
        Assert.Equal(Head - 1, Checkpoint!.Seq);
    }

    [Fact]
    public void Without_a_checkpoint_the_export_walks_the_whole_chain_and_remembers_it()
    {
        AppendEvents(4);
        Assert.Null(Checkpoint);

        var chain = ExportVersion();

        Assert.True(chain.GetProperty("verified").GetBoolean());
        Assert.False(chain.TryGetProperty("checked_from", out _));
        Assert.Equal(Head - 1, chain.GetProperty("events_checked").GetInt64());
        Assert.Equal(Head - 1, Checkpoint!.Seq);
    }

    [Fact]
    public void An_edit_after_the_checkpoint_is_found_by_the_export_and_does_not_advance_the_checkpoint()
    {
        AppendEvents(5);
        VerifyWhole();
        var checkpoint = Checkpoint!;
        AppendEvents(3);
        Edit(checkpoint.Seq + 2);

        var chain = ExportVersion();

        Assert.False(chain.GetProperty("verified").GetBoolean());
        Assert.Equal(checkpoint.Seq + 2, chain.GetProperty("first_break").GetProperty("seq").GetInt64());
        Assert.Equal("edited", chain.GetProperty("first_break").GetProperty("kind").GetString());
        Assert.Equal(checkpoint, Checkpoint);
    }

    [Fact]
    public void An_edit_before_the_checkpoint_is_found_by_audit_verify_and_by_verify_all()
    {
        AppendEvents(6);
        VerifyWhole();
        Edit(3);

        // From the checkpoint the edit is not seen: the header says the chain was checked from there only.
        var partial = ExportVersion();
        Assert.True(partial.GetProperty("verified").GetBoolean());
        Assert.True(partial.TryGetProperty("checked_from", out _));

        var all = ExportVersion(verifyAll: true);
        Assert.False(all.GetProperty("verified").GetBoolean());
        Assert.Equal(3, all.GetProperty("first_break").GetProperty("seq").GetInt64());
        Assert.False(all.TryGetProperty("checked_from", out _));

        var whole = VerifyWhole();
        Assert.Equal(3, whole.FirstBreak!.Seq);
        // A whole walk that failed forgets the checkpoint: the next export walks everything and flags the edit too.
        Assert.Null(Checkpoint);
        Assert.False(ExportVersion().GetProperty("verified").GetBoolean());
        Assert.Null(Checkpoint);
    }

    [Fact]
    public void A_checkpoint_whose_event_was_changed_falls_back_to_a_whole_walk()
    {
        AppendEvents(5);
        VerifyWhole();
        Edit(Checkpoint!.Seq);

        var chain = AuditChain.VerifyFromCheckpoint(_project.Database, null);

        Assert.Null(chain.From);
        Assert.False(chain.Intact);
        Assert.Equal(Checkpoint!.Seq, chain.FirstBreak!.Seq);
    }

    [Fact]
    public void A_checkpoint_whose_event_was_deleted_falls_back_to_a_whole_walk()
    {
        AppendEvents(5);
        VerifyWhole();
        var checkpoint = Checkpoint!.Seq;
        _project.Execute("DELETE FROM audit_events WHERE seq >= $1", checkpoint);

        var chain = AuditChain.VerifyFromCheckpoint(_project.Database, null);

        Assert.Null(chain.From);
        Assert.True(chain.Intact);
        Assert.Equal(checkpoint - 1, chain.Events);
    }

    [Fact]
    public void A_checkpoint_does_not_survive_a_rollback_into_a_database_where_its_event_differs()
    {
        AppendEvents(2);
        var snapshots = new SnapshotService(_project.Project, _project.Database, _project.Context);
        var snapshot = snapshots.Take(SnapshotReasons.Manual, "before");
        AppendEvents(4);
        VerifyWhole();
        var remembered = Checkpoint!;

        snapshots.Rollback(snapshot.SnapshotId);

        // The restored database holds its own state: its event at the old checkpoint's seq (if any) is another one.
        var hashThere = _project.Scalar("SELECT hash FROM audit_events WHERE seq = $1", remembered.Seq) as string;
        Assert.NotEqual(remembered.Hash, hashThere);
        Assert.NotEqual(remembered, Checkpoint);
        // Even a stale checkpoint written into it is not trusted: its event is checked and the whole chain walked.
        _project.Execute("INSERT OR REPLACE INTO audit_checkpoint (id, seq, hash, verified_at, whole_chain_at) VALUES (1, $1, $2, 'x', 'x')", remembered.Seq, remembered.Hash);
        var chain = AuditChain.VerifyFromCheckpoint(_project.Database, null);
        Assert.Null(chain.From);
        Assert.True(chain.Intact);
        Assert.Equal(Head, chain.Events);
    }

    [Fact]
    public async Task Two_processes_verifying_and_appending_at_once_leave_a_checkpoint_on_a_verified_event()
    {
        AppendEvents(3);
        VerifyWhole();
        using var other = GrytDatabase.Open(_project.Project.DatabasePath);
        var writer = Task.Run(() => AppendEvents(40, other));
        for (var i = 0; i < 10; i++) ExportVersion();
        await writer;

        var checkpoint = Checkpoint!;
        Assert.Equal(checkpoint.Hash, _project.Scalar("SELECT hash FROM audit_events WHERE seq = $1", checkpoint.Seq));
        var chain = AuditChain.VerifyFromCheckpoint(_project.Database, null);
        Assert.True(chain.Intact);
        Assert.NotNull(chain.From);
        Assert.Equal(Head, chain.Events);
    }

    [Fact]
    public void The_walk_from_a_checkpoint_reads_a_range_of_the_primary_key_not_the_table()
    {
        using var command = new AuditStore(_project.Database).FromSeqCommand(10, null);

        var plan = _project.Database.QueryPlan(command);

        Assert.Equal(["SEARCH audit_events USING INTEGER PRIMARY KEY (rowid>?)"], plan);
    }
}
