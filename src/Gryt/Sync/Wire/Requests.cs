using System.Text.Json.Serialization;

namespace Gryt.Sync.Wire;

internal sealed record RcRequest(string EvolutionId);

internal sealed record RcResponse(int RcNumber, string Tag);

internal sealed record ApprovalRequest(int Revision);

internal sealed record ApprovalResponse(string Version, int Revision, string ApprovedBy, string ApprovedAt, IReadOnlyList<string> ApprovedByAll);

internal sealed record PromotionRequest(
    int ExpectedRevision,
    string CommitSha,
    string Tag,
    IReadOnlyList<string> EvolutionIds,
    int RequiredApprovals);

internal sealed record PromotionResponse(string PromotedAt, string PromotedBy);

internal sealed record HealthResponse(string Status, string Version, string Store);

internal sealed record WhoAmIResponse(string Project, string Role, string Name, string KeyId);

/// <summary>One event of the server's own audit chain.</summary>
internal sealed record ServerAuditEvent(
    long Seq,
    string Timestamp,
    string KeyId,
    string Actor,
    string Action,
    string ResourceType,
    string ResourceId,
    string Details,
    string PrevHash,
    string Hash);

internal sealed record ServerAuditPage(IReadOnlyList<ServerAuditEvent> Items, long NextSince, bool More);

internal sealed record ServerAuditVerification(bool Verified, long EventsChecked, string HeadHash, string? FirstBreak);

/// <summary>Every error answer: one sentence, a snake_case code, and the details its code names.</summary>
internal sealed record ErrorBody(string Error, string Code)
{
    /// <summary>The record id an error names (<c>hash_mismatch</c>, <c>rc_taken</c>, <c>invalid</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Id { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? BaseRevision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? ServerRevision { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ServerSha256 { get; init; }

    /// <summary>The evolution that holds the RC number (<c>rc_taken</c>).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? EvolutionId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Required { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? ApprovedBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromotedBy { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromotedAt { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CommitSha { get; init; }
}

/// <summary>The error codes of docs/sync.md.</summary>
internal static class ErrorCodes
{
    public const string BadJson = "bad_json";
    public const string Invalid = "invalid";
    public const string NoKey = "no_key";
    public const string BadKey = "bad_key";
    public const string RevokedKey = "revoked_key";
    public const string WrongProject = "wrong_project";
    public const string Role = "role";
    public const string NotFound = "not_found";
    public const string HashMismatch = "hash_mismatch";
    public const string StaleRevision = "stale_revision";
    public const string RcTaken = "rc_taken";
    public const string AlreadyPromoted = "already_promoted";
    public const string ApprovalsMissing = "approvals_missing";
    public const string TooLarge = "too_large";
}
