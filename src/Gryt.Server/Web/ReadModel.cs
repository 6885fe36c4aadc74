using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gryt.Audit;
using Gryt.Promotion;
using Gryt.Server.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Server.Web;

/// <summary>
/// The dashboard's views, built from what the server stores (contracts, records, promotions,
/// approvals, its audit chain, the keys' last push and pull). Read-only; one project at a time,
/// the signed-in key's.
/// </summary>
internal sealed class ReadModel(ServerDatabase database)
{
    private const int AuditRows = 200;
    private static readonly SyncJsonContext Json = SyncJsonContext.Default;

    private static readonly string[] ConflictCodes =
        [ErrorCodes.HashMismatch, ErrorCodes.StaleRevision, ErrorCodes.RcTaken, ErrorCodes.AlreadyPromoted, ErrorCodes.ApprovalsMissing];

    // The head each project's chain was last verified at by this server: a view walks only what came after.
    private readonly ConcurrentDictionary<string, AuditCheckpoint> _verified = new(StringComparer.Ordinal);

    public async Task<PortfolioView> PortfolioAsync(string project, CancellationToken token)
    {
        var contracts = await ContractsAsync(project, token);
        var evolutions = await EvolutionsAsync(project, null, token);
        var open = contracts.Where(c => c.Status != ContractStatuses.Promoted).Select(c =>
        {
            var own = evolutions.Where(e => e.Generation == c.Version).ToList();
            var changes = Changes(c, own);
            var gates = Gates(changes, own);
            return new GenerationSummary(c.Version, c.Status, changes.Count(x => x.State == ChangeStates.Proven), changes.Count,
                own.OrderBy(e => e.RcNumber).LastOrDefault(), gates.All(g => g.Passed));
        }).ToList();
        // The health line needs the keys only, not the runners (every run record of the project).
        var (_, clients) = await ClientsAsync(project, token);
        var health = new SyncHealth(clients.Select(c => c.Client.LastPushAt).Where(t => t is not null).Max(),
            clients.Count(c => c.Lag > 0), clients.Sum(c => c.Conflicts));
        return new PortfolioView([new ProjectSummary(project, open, contracts.Count - open.Count, health)]);
    }

    /// <summary>The release contract of <paramref name="version"/> (canonical, e.g. v2.1.0); null when the server has none.</summary>
    public async Task<ContractView?> ContractAsync(string project, string version, CancellationToken token)
    {
        if (await ContractStore.GetAsync(database, project, version, token) is not { } contract) return null;
        var evolutions = (await EvolutionsAsync(project, version, token)).OrderBy(e => e.RcNumber).ToList();
        var changes = Changes(contract, evolutions);
        var promotion = (await DashboardStore.PromotionsAsync(database, project, token)).FirstOrDefault(p => p.Version == version);
        return new ContractView(project, contract, changes, evolutions, Gates(changes, evolutions),
            await DashboardStore.ApprovalsAsync(database, project, version, token), promotion);
    }

    /// <summary>The evolution tagged <paramref name="tag"/> with its run, steps, metrics and artifacts; null when there is none.</summary>
    public async Task<EvolutionView?> EvolutionAsync(string project, string tag, CancellationToken token)
    {
        var evolution = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.Evolution, token, "tag", tag), Json.EvolutionContent).LastOrDefault();
        if (evolution is null) return null;
        var runs = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.Run, token, "evolution_id", evolution.EvolutionId), Json.RunContent);
        var run = runs.FirstOrDefault(r => r.RunId == evolution.RunId) ?? runs.OrderBy(r => r.StartedAt, StringComparer.Ordinal).LastOrDefault();
        if (run is null && evolution.RunId is not null)
        {
            run = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.Run, token, "run_id", evolution.RunId), Json.RunContent).FirstOrDefault();
        }

        IReadOnlyList<StepRunContent> steps = [];
        IReadOnlyList<DataRowContent> data;
        IReadOnlyList<ArtifactRow> artifacts = [];
        if (run is not null)
        {
            steps = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.StepRun, token, "run_id", run.RunId), Json.StepRunContent)
                .OrderBy(s => s.StartedAt ?? "\uffff", StringComparer.Ordinal).ToList();
            data = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.DataRow, token, "run_id", run.RunId), Json.DataRowContent);
            artifacts = await DashboardStore.ArtifactsAsync(database, project, run.RunId, token);
        }
        else
        {
            data = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.DataRow, token, "evolution_id", evolution.EvolutionId), Json.DataRowContent);
        }

        return new EvolutionView(project, evolution, run, steps, data.Where(d => d.MetricValue is not null).ToList(), artifacts);
    }

    /// <summary>The audit view; its chain verified from where this server last verified it, or from the first event when <paramref name="wholeChain"/>.</summary>
    public async Task<AuditView> AuditAsync(string project, bool wholeChain, CancellationToken token)
    {
        var events = await ServerAudit.LatestAsync(database, project, AuditRows, token);
        var from = wholeChain ? null : _verified.GetValueOrDefault(project);
        var verification = await ServerAudit.VerifyAsync(database, project, token, from);
        if (verification.Verified)
        {
            _verified[project] = new(verification.EventsChecked, verification.HeadHash);
        }
        else
        {
            // A break stays reported: the next view walks the whole chain again.
            _verified.TryRemove(project, out _);
        }

        var refusals = (await ServerAudit.LatestAsync(database, project, AuditRows, token, "refused")).Select(Refusal).ToList();
        var clones = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.AuditEvent, token), Json.AuditEventContent);
        return new AuditView(project, events, verification, verification.Verified ? from?.Seq ?? 0 : 0, await DashboardStore.PromotionsAsync(database, project, token), refusals,
            clones.OrderByDescending(e => e.Timestamp, StringComparer.Ordinal).Take(AuditRows).ToList());
    }

    public async Task<SyncView> SyncAsync(string project, CancellationToken token)
    {
        var (seq, clients) = await ClientsAsync(project, token);
        var evolutions = (await EvolutionsAsync(project, null, token)).ToDictionary(e => e.EvolutionId, StringComparer.Ordinal);
        var runs = Parse(await DashboardStore.RecordsAsync(database, project, RecordKinds.Run, token), Json.RunContent);
        var runners = runs.GroupBy(r => r.Host ?? "(unknown host)", StringComparer.Ordinal).Select(g =>
        {
            var last = g.OrderBy(r => r.StartedAt ?? "", StringComparer.Ordinal).Last();
            var tag = last.EvolutionId is not null && evolutions.TryGetValue(last.EvolutionId, out var e) ? e.Tag : null;
            return new RunnerView(g.Key, last.Actor, last.CiUrl, g.Count(), last.StartedAt, last.Status, tag);
        }).OrderBy(r => r.Host, StringComparer.Ordinal).ToList();
        return new SyncView(project, seq, clients, runners);
    }

    /// <summary>The project's feed number and its keys with their cursor lag and conflict refusals.</summary>
    private async Task<(long Seq, List<ClientView> Clients)> ClientsAsync(string project, CancellationToken token)
    {
        var seq = await DashboardStore.SeqAsync(database, project, token);
        var refusedBy = await ServerAudit.RefusalsByKeyAsync(database, project, ConflictCodes, token);
        var clients = (await DashboardStore.ClientsAsync(database, project, token)).Select(c =>
            new ClientView(c, c.LastPullSeq is { } pulled ? Math.Max(0, seq - pulled) : null, refusedBy.GetValueOrDefault(c.KeyId))).ToList();
        return (seq, clients);
    }

    /// <summary>
    /// The rules of the built-in gates <c>all_changes_proven</c> and <c>no_failed_evolutions</c>
    /// (src/Gryt/Promotion/BuiltInGates.cs) over the server's records. The library's gate classes
    /// query a clone's SQLite schema through <c>IData</c>; the server keeps wire records instead, so
    /// the rules are applied here to them, with the library's verdicts and messages
    /// (<c>BuiltInGateRules</c>). Policies, metric gates and C# gates need the repository's files
    /// and are not previewed.
    /// </summary>
    internal static IReadOnlyList<GateView> Gates(IReadOnlyList<ChangeView> changes, IReadOnlyList<EvolutionContent> evolutions)
    {
        var unproven = changes.Where(c => c.PassedIn.Count == 0).Select(c => c.Id).ToList();
        var failures = evolutions.Where(f => f.Status == RecordStatuses.Fail)
            .OrderBy(f => f.RcNumber)
            .Select(f => (f.Tag, Changes: f.ChangeIds.Where(c => !evolutions.Any(p => p.Status == RecordStatuses.Pass && p.RcNumber > f.RcNumber && p.ChangeIds.Contains(c)))
                .Order(StringComparer.Ordinal).ToList()))
            .Where(f => f.Changes.Count > 0)
            .Select(f => $"{f.Tag} ({string.Join(", ", f.Changes)})").ToList();
        var proven = BuiltInGateRules.AllChangesProven(changes.Count, unproven);
        var failed = BuiltInGateRules.NoFailedEvolutions(failures);
        return [new("all_changes_proven", proven.Passed, proven.Message), new("no_failed_evolutions", failed.Passed, failed.Message)];
    }

    internal static IReadOnlyList<ChangeView> Changes(ContractWire contract, IReadOnlyList<EvolutionContent> evolutions) =>
        contract.Changes.Select(c =>
        {
            var mine = evolutions.Where(e => e.ChangeIds.Contains(c.Id)).OrderBy(e => e.RcNumber).ToList();
            var passed = mine.Where(e => e.Status == RecordStatuses.Pass).Select(e => e.Tag).ToList();
            var failed = mine.Where(e => e.Status == RecordStatuses.Fail).Select(e => e.Tag).ToList();
            var state = passed.Count > 0 ? ChangeStates.Proven : failed.Count > 0 ? ChangeStates.Failed : ChangeStates.Unproven;
            return new ChangeView(c.Id, c.Type, c.Title, state, passed, failed);
        }).ToList();

    private async Task<List<ContractWire>> ContractsAsync(string project, CancellationToken token)
    {
        var all = new List<ContractWire>();
        string? after = null;
        do
        {
            var page = await ContractStore.PageAsync(database, project, after, ContractStore.MaxPage, token);
            all.AddRange(page.Items);
            after = page.NextAfter;
        }
        while (after is not null);

        return all;
    }

    private async Task<IReadOnlyList<EvolutionContent>> EvolutionsAsync(string project, string? version, CancellationToken token) =>
        Parse(version is null
            ? await DashboardStore.RecordsAsync(database, project, RecordKinds.Evolution, token)
            : await DashboardStore.RecordsAsync(database, project, RecordKinds.Evolution, token, "generation", version), Json.EvolutionContent);

    private static List<T> Parse<T>(IReadOnlyList<RecordRow> rows, JsonTypeInfo<T> type) =>
        rows.Select(r => JsonSerializer.Deserialize(r.Content, type)!).ToList();

    private static RefusalView Refusal(ServerAuditEvent e)
    {
        ErrorBody? body = null;
        try
        {
            body = JsonSerializer.Deserialize(e.Details, Json.ErrorBody);
        }
        catch (JsonException)
        {
            // An event written before refusals carried their body: shown without code.
        }

        return new RefusalView(e.Seq, e.Timestamp, e.Actor, e.ResourceId, body?.Code ?? "", body?.Error ?? e.Details, body?.BaseRevision, body?.ServerRevision);
    }
}
