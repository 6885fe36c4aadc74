using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Storage;

namespace Gryt.Dashboard;

/// <summary>What a poll of the dashboard read: nothing, the live run only (its log tail), or the whole screen.</summary>
internal enum DashboardRead
{
    Nothing,
    Run,
    All,
}

/// <summary>Which generation and evolution the dashboard shows in detail; null picks the newest.</summary>
internal sealed record DashboardSelection(string? GenerationId = null, string? EvolutionId = null);

/// <summary>Everything one screen of <c>gryt dashboard</c> shows, read at one moment; <see cref="Gates"/> by generation id.</summary>
internal sealed record DashboardSnapshot(
    IReadOnlyList<DashboardGenerationRow> Generations,
    long GenerationCount,
    DashboardGenerationRow? Generation,
    IReadOnlyList<DashboardChange> Changes,
    IReadOnlyList<DashboardEvolution> Evolutions,
    DashboardRun? Run,
    DashboardAudit Audit,
    DateTimeOffset ReadAt,
    IReadOnlyDictionary<string, string>? Gates = null)
{
    /// <summary>
    /// The built-in gates' verdict for a listed generation (<c>BuiltInGateRules.Summary</c>):
    /// <c>ready</c>, <c>N unproven</c>, <c>N failed</c> or <c>no changes</c>.
    /// </summary>
    public string GatesOf(string generationId) => Gates?.GetValueOrDefault(generationId) ?? "";
}

/// <summary>A change of the selected generation and whether an evolution proved it.</summary>
internal sealed record DashboardChange(string ChangeId, string Type, string Title, ChangeState State);

/// <summary>An evolution; <see cref="Status"/> says <c>interrupted</c> for a running one whose gryt is gone.</summary>
internal sealed record DashboardEvolution(string EvolutionId, int RcNumber, string Tag, string Status, string? CommitSha, DateTimeOffset StartedAt, int Changes, string? RunId);

/// <summary>
/// A run and its steps. <see cref="Status"/> is <c>interrupted</c> for a run still marked running
/// whose process is gone, before any <c>gryt run</c> recovers it.
/// </summary>
internal sealed record DashboardRun(
    string RunId, string PipelineName, string Status, string? EvolutionId, string? CommitSha, bool Dirty, DateTimeOffset StartedAt,
    IReadOnlyList<DashboardStep> Steps, string? TailStep, IReadOnlyList<string> Tail);

/// <summary>A step with its duration so far (a running step's grows).</summary>
internal sealed record DashboardStep(string Name, string Status, TimeSpan? Duration);

/// <summary>The audit chain's verification (null until the first one finished) and the newest events.</summary>
internal sealed record DashboardAudit(ChainVerification? Chain, IReadOnlyList<DashboardEventRow> Events);
