using System.Text.Json;

namespace Gryt.Sync.Wire;

/// <summary>Kinds of feed items beyond the record kinds.</summary>
internal static class FeedKinds
{
    public const string Generation = "generation";
    public const string Promotion = "promotion";
    public const string Approval = "approval";
}

/// <summary>One accepted write, in commit order. <c>content</c> is a record's content, a
/// <see cref="ContractWire"/>, a <see cref="PromotionContent"/> or an <see cref="ApprovalContent"/>.</summary>
internal sealed record FeedItem(long Seq, string Kind, string Id, string Sha256, JsonElement Content);

internal sealed record FeedPage(IReadOnlyList<FeedItem> Items, long NextSince, bool More);

/// <summary>The feed content of a promotion (id: the version).</summary>
internal sealed record PromotionContent(
    string Version,
    int Revision,
    string CommitSha,
    string Tag,
    IReadOnlyList<string> EvolutionIds,
    string PromotedBy,
    string PromotedAt);

/// <summary>The feed content of an approval (id: <c>VERSION@REVISION/KEY_ID</c>).</summary>
internal sealed record ApprovalContent(string Version, int Revision, string ApprovedBy, string KeyId, string ApprovedAt);
