using Gryt.Server.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Server.Web;

/// <summary>The signed-in user of a page: the key the session was made from.</summary>
internal sealed record WebUser(string KeyId, string Project, string Name, string Role);

/// <summary>What the header of every page needs: the user (null on the sign-in page) and the project in view.</summary>
internal sealed record PageContext(WebUser? User, string? Project);

/// <summary>A change's state in its generation: proven (a passing evolution), failed (only failing ones), unproven.</summary>
internal static class ChangeStates
{
    public const string Proven = "proven";
    public const string Failed = "failed";
    public const string Unproven = "unproven";
}

internal sealed record ChangeView(string Id, string Type, string Title, string State, IReadOnlyList<string> PassedIn, IReadOnlyList<string> FailedIn);

internal sealed record GateView(string Name, bool Passed, string Message);

internal sealed record GenerationSummary(string Version, string Status, int Proven, int Total, EvolutionContent? LastEvolution, bool GatesReady);

internal sealed record SyncHealth(string? LastPushAt, int ClientsBehind, int Conflicts)
{
    public bool Healthy => ClientsBehind == 0 && Conflicts == 0;
}

internal sealed record ProjectSummary(string Name, IReadOnlyList<GenerationSummary> Open, int Promoted, SyncHealth Sync);

internal sealed record PortfolioView(IReadOnlyList<ProjectSummary> Projects);

internal sealed record ContractView(
    string Project,
    ContractWire Contract,
    IReadOnlyList<ChangeView> Changes,
    IReadOnlyList<EvolutionContent> Timeline,
    IReadOnlyList<GateView> Gates,
    IReadOnlyList<ApprovalRow> Approvals,
    PromotionRow? Promotion)
{
    public int Count(string state) => Changes.Count(c => c.State == state);
}

internal sealed record EvolutionView(
    string Project,
    EvolutionContent Evolution,
    RunContent? Run,
    IReadOnlyList<StepRunContent> Steps,
    IReadOnlyList<DataRowContent> Metrics,
    IReadOnlyList<ArtifactRow> Artifacts)
{
    /// <summary>While the run (or, before it has one, the evolution) is pending or running, the steps refresh themselves.</summary>
    public bool Live => RecordStatuses.IsOpen(Run?.Status ?? Evolution.Status);
}

/// <summary>A refused request as the audit chain recorded it: its code, message, and for a stale revision both revisions.</summary>
internal sealed record RefusalView(long Seq, string Timestamp, string Actor, string Request, string Code, string Message, int? BaseRevision, int? ServerRevision);

/// <summary>The audit view; <see cref="VerifiedEarlier"/> events (0: none) were verified by an earlier view and only those after them by this one.</summary>
internal sealed record AuditView(
    string Project,
    IReadOnlyList<ServerAuditEvent> Events,
    ServerAuditVerification Verification,
    long VerifiedEarlier,
    IReadOnlyList<PromotionRow> Promotions,
    IReadOnlyList<RefusalView> Refusals,
    IReadOnlyList<AuditEventContent> ClonesEvents);

internal sealed record ClientView(ClientRow Client, long? Lag, int Conflicts);

internal sealed record RunnerView(string Host, string? Actor, string? CiUrl, int Runs, string? LastRunAt, string? LastStatus, string? LastRunTag);

internal sealed record SyncView(string Project, long Seq, IReadOnlyList<ClientView> Clients, IReadOnlyList<RunnerView> Runners);
