using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Audit;

/// <summary>How the chain was broken at the first bad event.</summary>
internal enum ChainBreakKind
{
    /// <summary>The event's content no longer matches its hash.</summary>
    Edited,

    /// <summary>An event sits between two events that were linked to each other.</summary>
    Inserted,

    /// <summary>Sequence numbers are missing: events were removed.</summary>
    Deleted,

    /// <summary>The event does not follow the one before it: rewritten, moved, or removed and renumbered.</summary>
    BrokenLink,
}

/// <summary>The first event at which the chain stops holding.</summary>
internal sealed record ChainBreak(ChainBreakKind Kind, long Seq, string EventId, string EventType, string Timestamp, string Message)
{
    public string KindWord => Kind switch
    {
        ChainBreakKind.Edited => "edited",
        ChainBreakKind.Inserted => "inserted",
        ChainBreakKind.Deleted => "deleted",
        _ => "broken_link",
    };
}

/// <summary>A point of a chain a walk verified: an event's seq and the hash it had then.</summary>
internal sealed record AuditCheckpoint(long Seq, string Hash);

/// <summary>
/// The result of a walk: how many events the chain holds up to its head, the head's hash, the first
/// break; and for a walk from a checkpoint, that checkpoint and how many events were read now.
/// </summary>
internal sealed record ChainVerification(long Events, string HeadHash, ChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;

    /// <summary>The checkpoint the walk started from, or null when it read the whole chain.</summary>
    public StoredAuditCheckpoint? From { get; init; }

    /// <summary>The events read and checked by this walk (all of them for a whole walk).</summary>
    public long Checked => From is { } from ? Events - from.Seq : Events;

    /// <summary>Writes the verification as one JSON object (<c>verified</c>, <c>events_checked</c>, <c>head_hash</c>, <c>first_break</c>, and <c>checked_from</c> for a walk from a checkpoint).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter writer) =>
        System.Text.Json.JsonSerializer.Serialize(writer, ChainJson.From(this), AuditJsonContext.Default.ChainJson);
}

/// <summary>Where a walk stopped: the kind of break, the seq of the event it names, and a one-line message.</summary>
internal sealed record LinkBreak(ChainBreakKind Kind, long Seq, string Message);

/// <summary>
/// The one walk of a hash chain, shared by the local chain (<see cref="AuditChain"/>) and the server's
/// (Gryt.Server's ServerAudit): fed its events in seq order, each with its recomputed hash. From a
/// checkpoint it is fed that event first, which must be unchanged (same seq, its stored hash the
/// checkpoint's, and its content still hashing to it); then only the events after it. Each store reads
/// its own rows with its own SQL.
/// </summary>
internal sealed class ChainWalk(AuditCheckpoint? from)
{
    private readonly AuditCheckpoint? _from = from is { Seq: > 0 } ? from : null;
    private string? _hashBeforePrevious;
    private bool _checkpointRead = from is not { Seq: > 0 };

    /// <summary>The seq of the last event verified (the checkpoint's before the walk).</summary>
    public long Seq { get; private set; } = from is { Seq: > 0 } ? from.Seq : 0;

    /// <summary>The hash of the last event verified (the genesis hash for an empty chain).</summary>
    public string HeadHash { get; private set; } = from is { Seq: > 0 } ? from.Hash : AuditLog.GenesisHash;

    /// <summary>Why the checkpoint does not hold (its event changed or is gone), or null: the walk from it is then worthless.</summary>
    public string? CheckpointProblem { get; private set; }

    /// <summary>Checks one event; returns the break at it, or null while the chain holds. Stop feeding at a break or a checkpoint problem.</summary>
    public LinkBreak? Next(long seq, string prevHash, string hash, string recomputed)
    {
        if (!_checkpointRead)
        {
            _checkpointRead = true;
            if (seq != _from!.Seq) CheckpointProblem = $"event #{_from.Seq} is missing: events were deleted";
            else if (hash != _from.Hash || recomputed != hash) CheckpointProblem = $"event #{seq} was edited after it was verified";
            return null;
        }

        var expectedSeq = Seq + 1;
        var first = Seq == 0;
        if (prevHash != HeadHash)
        {
            if (!first && _hashBeforePrevious is not null && prevHash == _hashBeforePrevious)
            {
                return new(ChainBreakKind.Inserted, Seq, $"event #{Seq} was inserted: event #{seq} is linked to the event before it");
            }

            if (seq != expectedSeq) return new(ChainBreakKind.Deleted, seq, Missing(expectedSeq, seq));
            return new(ChainBreakKind.BrokenLink, seq, first
                ? "the first event does not start the chain: events before it were deleted or it was rewritten"
                : $"event #{seq} does not follow event #{Seq}: an event was rewritten, moved, or deleted and renumbered");
        }

        if (seq != expectedSeq) return new(ChainBreakKind.Deleted, seq, Missing(expectedSeq, seq));
        if (recomputed != hash) return new(ChainBreakKind.Edited, seq, $"event #{seq} was edited: its content no longer matches its hash");

        _hashBeforePrevious = HeadHash;
        HeadHash = hash;
        Seq = seq;
        return null;
    }

    /// <summary>After the last event: a checkpoint that was never fed is gone (its event deleted).</summary>
    public void End()
    {
        if (!_checkpointRead)
        {
            _checkpointRead = true;
            CheckpointProblem = $"event #{_from!.Seq} is missing: events were deleted";
        }
    }

    private static string Missing(long from, long to) =>
        from == to - 1 ? $"event #{from} was deleted" : $"events #{from} to #{to - 1} were deleted";
}

/// <summary>
/// Verifies the hash chain of <c>audit_events</c>: walks the rows in <c>seq</c> order, recomputes
/// each hash exactly as <see cref="AuditLog"/> wrote it and checks that each row names the hash of
/// the row before. Streams the rows, so memory does not grow with the log. A walk that holds may be
/// remembered as a checkpoint (Remember, migration 0011) so that a later process
/// (a per-version export) checks only the events after it; only walks write it, never the writers of events.
/// </summary>
internal static class AuditChain
{
    public static ChainVerification Verify(GrytDatabase database) => Verify(database, null);

    internal static ChainVerification Verify(GrytDatabase database, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(database);
        return Verify(new AuditStore(database).InChainOrder(transaction));
    }

    /// <summary>Verifies events given in chain order from the first (a release's evidence note carries them: docs/release-evidence.md).</summary>
    internal static ChainVerification Verify(IEnumerable<StoredAuditEvent> events) => Walk(events, null) ?? throw new InvalidOperationException("a whole walk has no checkpoint");

    /// <summary>
    /// Verifies from <paramref name="from"/>: that event unchanged, then only the events after it. Null when the
    /// checkpoint does not hold (its event was changed or deleted, or a rollback replaced it): the caller walks the whole chain.
    /// </summary>
    internal static ChainVerification? VerifyFrom(IEnumerable<StoredAuditEvent> eventsFromCheckpoint, AuditCheckpoint from) =>
        Walk(eventsFromCheckpoint, from);

    /// <summary>
    /// The chain verified from the stored checkpoint when there is one and it holds, else whole; with
    /// <paramref name="wholeChain"/> always whole. Read inside the caller's transaction (one consistent state).
    /// </summary>
    internal static ChainVerification VerifyFromCheckpoint(GrytDatabase database, SqliteTransaction? transaction, bool wholeChain = false)
    {
        ArgumentNullException.ThrowIfNull(database);
        var store = new AuditStore(database);
        if (!wholeChain && store.Checkpoint(transaction) is { } stored
            && VerifyFrom(store.FromSeq(stored.Seq, transaction), new AuditCheckpoint(stored.Seq, stored.Hash)) is { } fromCheckpoint)
        {
            return fromCheckpoint with { From = stored };
        }

        return Verify(database, transaction);
    }

    /// <summary>
    /// Remembers what <paramref name="chain"/> verified, in its own write transaction: a whole walk that
    /// holds replaces the checkpoint, one that breaks removes it (the next export walks everything again);
    /// a walk from a checkpoint moves it forward only if no other process changed it meanwhile, and a
    /// broken one leaves it as it was.
    /// </summary>
    internal static void Remember(GrytDatabase database, ChainVerification chain, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(chain);
        database.WriteTransaction(transaction => Remember(database, transaction, chain, now));
    }

    /// <inheritdoc cref="Remember(GrytDatabase, ChainVerification, DateTimeOffset)"/>
    internal static void Remember(GrytDatabase database, SqliteTransaction transaction, ChainVerification chain, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var store = new AuditStore(database);
        var at = Timestamps.Format(now);
        if (chain.From is { } from)
        {
            if (chain.Intact && chain.Events > from.Seq) store.AdvanceCheckpoint(transaction, from.Seq, from.Hash, chain.Events, chain.HeadHash, at);
        }
        else if (!chain.Intact) store.ClearCheckpoint(transaction);
        else if (chain.Events > 0) store.SaveCheckpoint(transaction, chain.Events, chain.HeadHash, at);
    }

    private static ChainVerification? Walk(IEnumerable<StoredAuditEvent> events, AuditCheckpoint? from)
    {
        var walk = new ChainWalk(from);
        StoredAuditEvent? previous = null;
        foreach (var row in events)
        {
            var recomputed = AuditLog.ComputeHash(row.PrevHash, row.EventId, row.Timestamp, row.EventType, row.ResourceType, row.ResourceId, row.Action, row.Actor, row.DetailsJson);
            var before = (walk.Seq, walk.HeadHash);
            if (walk.Next(row.Seq, row.PrevHash, row.Hash, recomputed) is { } broken)
            {
                var at = broken.Seq == row.Seq || previous is null ? row : previous;
                // Counted as before: the events read, the broken one included.
                return new(before.Seq + 1, before.HeadHash, new ChainBreak(broken.Kind, at.Seq, at.EventId, at.EventType, at.Timestamp, broken.Message));
            }

            if (walk.CheckpointProblem is not null) return null;
            previous = row;
        }

        walk.End();
        return walk.CheckpointProblem is null ? new(walk.Seq, walk.HeadHash, null) : null;
    }
}
