namespace Gryt.Storage;

/// <summary>What a promotion's audit event records that the compliance report reads back.</summary>
internal static class PromotionAudit
{
    public const string Event = "generation.promoted";

    /// <summary>Detail naming the key a sync server authorised for the promotion (its compare-and-swap, role release).</summary>
    public const string AuthorisedByServer = "authorised_by_server";
}
