namespace Gryt.Sync.Wire;

/// <summary>A contract (generation file) as the server keeps it, by revision.</summary>
internal sealed record ContractWire(
    string Version,
    int Revision,
    string Status,
    string Yaml,
    string Sha256,
    IReadOnlyList<ContractChangeWire> Changes,
    string UpdatedBy,
    string UpdatedAt);

internal sealed record ContractChangeWire(string Id, string Type, string Title);

/// <summary>Contract statuses on the server.</summary>
internal static class ContractStatuses
{
    public const string Open = "open";
    public const string Promoted = "promoted";
}

/// <summary><c>base_revision</c> 0 creates; otherwise the revision the client last saw.</summary>
internal sealed record PutContractRequest(int BaseRevision, string Yaml);

internal sealed record PutContractResponse(int Revision, string Sha256);

internal sealed record ContractPage(IReadOnlyList<ContractWire> Items, string? NextAfter);
