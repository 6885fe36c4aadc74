using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>An approval of a contract before promotion, as stored.</summary>
internal sealed record StoredApproval(string ApprovalId, string Version, string? FileSha256, int? ServerRevision, string ApprovedBy, string ApprovedAt, bool Authenticated);

/// <summary>SQL of approvals (<c>gryt generation approve</c>, pulled approvals, the approvals gate).</summary>
internal sealed class ApprovalStore(GrytDatabase database)
{
    /// <summary>
    /// For the gate (<see cref="IData"/>, '?' parameters: version, promoter, version): distinct approvers other
    /// than the promoter of the contract as it is now, and whether any of them is unauthenticated.
    /// </summary>
    internal const string OthersOfCurrentContract =
        """
        SELECT count(DISTINCT approved_by) AS approvers, group_concat(DISTINCT approved_by) AS names, coalesce(min(authenticated), 1) AS all_authenticated
        FROM approvals
        WHERE version = ? AND approved_by <> ? AND file_sha256 = (SELECT file_sha256 FROM generations WHERE version = ?)
        """;

    public void Insert(SqliteTransaction transaction, StoredApproval approval)
    {
        using var command = database.Command(
            """
            INSERT OR IGNORE INTO approvals (approval_id, version, file_sha256, server_revision, approved_by, approved_at, authenticated)
            VALUES ($id, $v, $sha, $rev, $by, $at, $auth)
            """, transaction)
            .With("$id", approval.ApprovalId).With("$v", approval.Version).With("$sha", approval.FileSha256).With("$rev", approval.ServerRevision)
            .With("$by", approval.ApprovedBy).With("$at", approval.ApprovedAt).With("$auth", approval.Authenticated ? 1 : 0);
        command.ExecuteNonQuery();
    }

    /// <summary>A pulled approval: of the contract this clone synced at that server revision, when it did.</summary>
    public void InsertPulled(SqliteTransaction transaction, string approvalId, string version, int revision, string approvedBy, string approvedAt)
    {
        using var command = database.Command(
            """
            INSERT OR IGNORE INTO approvals (approval_id, version, file_sha256, server_revision, approved_by, approved_at, authenticated)
            VALUES ($id, $v, (SELECT synced_sha256 FROM sync_state WHERE resource_type = 'generation' AND resource_id = $v AND server_revision = $rev), $rev, $by, $at, 1)
            """, transaction)
            .With("$id", approvalId).With("$v", version).With("$rev", revision).With("$by", approvedBy).With("$at", approvedAt);
        command.ExecuteNonQuery();
    }
}
