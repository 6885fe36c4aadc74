using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Project;
using Gryt.Storage;
using Gryt.Sync;

namespace Gryt.Promotion;

/// <summary>What <c>gryt generation approve</c> recorded.</summary>
internal sealed record ApprovalRecorded(string Version, string ApprovedBy, bool Authenticated, int? ServerRevision);

/// <summary>
/// <c>promotion.approvals: N</c>: promotion needs N approvals of the contract as it is, by others than
/// the promoter. With a sync server the approval is the server's (by the key's name; the server's
/// promotion CAS counts them in cloud mode); without one it is recorded with the git identity and
/// marked unauthenticated.
/// </summary>
internal sealed class Approvals(GrytProject project, GrytDatabase database, GrytContext context, SyncHooks sync)
{
    public async Task<ApprovalRecorded> ApproveAsync(string versionText, CancellationToken cancellationToken)
    {
        var contracts = new ContractService(project, database, context);
        contracts.EnsureSynced(versionText);
        var generation = contracts.Show(versionText).Generation;
        if (generation.Status != GenerationStatus.Draft)
        {
            throw new ConflictException($"generation {generation.Version} is {generation.Status.ToWord()}; only a draft is approved before promotion");
        }

        var sha = new GenerationStore(database).FileHash(generation.GenerationId);
        var answer = await sync.ApproveAsync(generation.Version, cancellationToken).ConfigureAwait(false);
        var approval = answer is null
            ? new StoredApproval(Ids.New(context.Now), generation.Version, sha, null, context.Actor, Timestamps.Format(context.Now), Authenticated: false)
            : new StoredApproval($"{answer.Version}@{answer.Revision}/{answer.ApprovedBy}", generation.Version, sha, answer.Revision, answer.ApprovedBy, answer.ApprovedAt, Authenticated: true);
        database.WriteTransaction(transaction =>
        {
            new ApprovalStore(database).Insert(transaction, approval);
            AuditLog.Append(database, transaction, context, "generation.approved", "generation", generation.GenerationId, "approve",
                new Dictionary<string, object?>
                {
                    ["version"] = generation.Version, ["approved_by"] = approval.ApprovedBy, ["authenticated"] = approval.Authenticated,
                    ["server_revision"] = approval.ServerRevision, ["file_sha256"] = sha,
                });
        });
        return new ApprovalRecorded(generation.Version, approval.ApprovedBy, approval.Authenticated, approval.ServerRevision);
    }
}

/// <summary>The <c>approvals</c> gate: N approvers other than <paramref name="promoter"/> of the contract as it is now.</summary>
internal sealed class ApprovalsGate(int required, string promoter) : PromotionGate("approvals")
{
    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var row = data.Query(ApprovalStore.OthersOfCurrentContract, generation.Version, promoter, generation.Version)[0];
        var count = Convert.ToInt32(row["approvers"], System.Globalization.CultureInfo.InvariantCulture);
        var names = row["names"] as string;
        var unauthenticated = Convert.ToInt64(row["all_authenticated"], System.Globalization.CultureInfo.InvariantCulture) == 0 ? " (some unauthenticated: git identities, no server)" : "";
        var details = new Dictionary<string, object?> { ["required"] = required, ["approved_by"] = names };
        return count >= required
            ? new GateResult(true, $"{count} of {required} approvals by others than the promoter: {names}{unauthenticated}", details)
            : new GateResult(false, $"{count} of {required} approvals of this contract by others than the promoter{(names is null ? "" : ": " + names)}; ask for one with: gryt generation approve {generation.Version}", details);
    }
}
