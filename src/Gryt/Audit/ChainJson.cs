using System.Text.Json.Serialization;

namespace Gryt.Audit;

/// <summary>The one JSON shape of a chain verification, as <c>gryt audit verify --json</c> prints it and
/// the JSON export ends with; serialized by source-generated System.Text.Json. <c>checked_from</c> is
/// written only for a walk from a remembered checkpoint (then <c>events_checked</c> counts the events read now).</summary>
internal sealed record ChainJson(
    bool Verified, long EventsChecked, string HeadHash, ChainBreakJson? FirstBreak,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] CheckpointJson? CheckedFrom)
{
    public static ChainJson From(ChainVerification chain) => new(
        chain.Intact,
        chain.Checked,
        chain.HeadHash,
        chain.FirstBreak is { } b ? new ChainBreakJson(b.KindWord, b.Seq, b.EventId, b.EventType, b.Timestamp, b.Message) : null,
        chain.From is { } f ? new CheckpointJson(f.Seq, f.Hash, f.VerifiedAt, f.WholeChainAt, chain.Events) : null);
}

internal sealed record ChainBreakJson(string Kind, long Seq, string EventId, string EventType, string Timestamp, string Message);

/// <summary>The checkpoint a walk started from: its event (verified unchanged) and when the whole chain was last walked.</summary>
internal sealed record CheckpointJson(long Seq, string Hash, string VerifiedAt, string WholeChainVerifiedAt, long HeadSeq);
