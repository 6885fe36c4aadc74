namespace Gryt.Audit;

/// <summary>The one JSON shape of a chain verification, as <c>gryt audit verify --json</c> prints it and
/// the JSON export ends with; serialized by source-generated System.Text.Json.</summary>
internal sealed record ChainJson(bool Verified, long EventsChecked, string HeadHash, ChainBreakJson? FirstBreak)
{
    public static ChainJson From(ChainVerification chain) => new(
        chain.Intact,
        chain.Events,
        chain.HeadHash,
        chain.FirstBreak is { } b ? new ChainBreakJson(b.KindWord, b.Seq, b.EventId, b.EventType, b.Timestamp, b.Message) : null);
}

internal sealed record ChainBreakJson(string Kind, long Seq, string EventId, string EventType, string Timestamp, string Message);
