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

/// <summary>The result of walking the whole chain: how many events, the last hash, and the first break.</summary>
internal sealed record ChainVerification(long Events, string HeadHash, ChainBreak? FirstBreak)
{
    public bool Intact => FirstBreak is null;

    /// <summary>Writes the verification as one JSON object (<c>verified</c>, <c>events_checked</c>, <c>head_hash</c>, <c>first_break</c>).</summary>
    public void WriteJson(System.Text.Json.Utf8JsonWriter writer) =>
        System.Text.Json.JsonSerializer.Serialize(writer, ChainJson.From(this), AuditJsonContext.Default.ChainJson);
}

/// <summary>
/// Verifies the hash chain of <c>audit_events</c>: walks the rows in <c>seq</c> order, recomputes
/// each hash exactly as <see cref="AuditLog"/> wrote it and checks that each row names the hash of
/// the row before. Streams the rows, so memory does not grow with the log.
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
    internal static ChainVerification Verify(IEnumerable<StoredAuditEvent> events)
    {
        var previousHash = AuditLog.GenesisHash;
        string? hashBeforePrevious = null;
        StoredAuditEvent? previous = null;
        long count = 0;
        foreach (var row in events)
        {
            count++;
            var expectedSeq = (previous?.Seq ?? 0) + 1;
            if (row.PrevHash != previousHash)
            {
                if (previous is not null && hashBeforePrevious is not null && row.PrevHash == hashBeforePrevious)
                {
                    return new(count, previousHash, Break(ChainBreakKind.Inserted, previous,
                        $"event #{previous.Seq} was inserted: event #{row.Seq} is linked to the event before it"));
                }

                if (row.Seq != expectedSeq)
                {
                    return new(count, previousHash, Break(ChainBreakKind.Deleted, row, Missing(expectedSeq, row.Seq)));
                }

                return new(count, previousHash, Break(ChainBreakKind.BrokenLink, row, previous is null
                    ? "the first event does not start the chain: events before it were deleted or it was rewritten"
                    : $"event #{row.Seq} does not follow event #{previous.Seq}: an event was rewritten, moved, or deleted and renumbered"));
            }

            if (row.Seq != expectedSeq)
            {
                return new(count, previousHash, Break(ChainBreakKind.Deleted, row, Missing(expectedSeq, row.Seq)));
            }

            var recomputed = AuditLog.ComputeHash(row.PrevHash, row.EventId, row.Timestamp, row.EventType, row.ResourceType, row.ResourceId, row.Action, row.Actor, row.DetailsJson);
            if (recomputed != row.Hash)
            {
                return new(count, previousHash, Break(ChainBreakKind.Edited, row, $"event #{row.Seq} was edited: its content no longer matches its hash"));
            }

            hashBeforePrevious = previousHash;
            previousHash = row.Hash;
            previous = row;
        }

        return new(count, previousHash, null);
    }

    private static string Missing(long from, long to) =>
        from == to - 1 ? $"event #{from} was deleted" : $"events #{from} to #{to - 1} were deleted";

    private static ChainBreak Break(ChainBreakKind kind, StoredAuditEvent row, string message) =>
        new(kind, row.Seq, row.EventId, row.EventType, row.Timestamp, message);
}
