namespace Gryt.Server.Storage;

/// <summary>A stored record's content (canonical JSON) with its kind, id and status.</summary>
internal sealed record RecordRow(string Kind, string Id, string? Status, string Content);

/// <summary>A key with what it last pushed and pulled (null when it never did) and how many of its requests were refused with a conflict.</summary>
internal sealed record ClientRow(string KeyId, string Name, string Role, string? RevokedAt, string? LastPushAt, string? LastPullAt, long? LastPullSeq);

/// <summary>A promotion row: who promoted which revision at which commit.</summary>
internal sealed record PromotionRow(string Version, int Revision, string CommitSha, string Tag, string PromotedBy, string PromotedAt);

/// <summary>An approval of a contract revision.</summary>
internal sealed record ApprovalRow(string Version, int Revision, string ApprovedBy, string ApprovedAt);

/// <summary>An artifact a run's step recorded, with its size and SHA-256 as its clone measured them.</summary>
internal sealed record ArtifactRow(string Path, string? StepName, long? Size, string? Sha256, string CreatedAt);

/// <summary>The reads of the web dashboard (src/Gryt.Server/Web): a project's contracts, records, promotions, approvals and clients.</summary>
internal static class DashboardStore
{
    /// <summary>The project's feed counter: the newest sequence number a pull can reach.</summary>
    public static async Task<long> SeqAsync(ServerDatabase database, string project, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var value = await Sql.ScalarAsync(connection, null, "SELECT seq FROM projects WHERE name = @p", token, ("@p", project));
        return value is null ? 0 : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Records of one kind, all of them or those whose content field <paramref name="field"/> is <paramref name="value"/>.</summary>
    public static async Task<IReadOnlyList<RecordRow>> RecordsAsync(ServerDatabase database, string project, string kind, CancellationToken token, string? field = null, string? value = null)
    {
        var where = field is null ? "" : $" AND {database.Dialect.JsonText("content", field)} = @v";
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null, $"SELECT kind, id, status, content FROM records WHERE project = @p AND kind = @k{where} ORDER BY seq", token,
            ("@p", project), ("@k", kind), ("@v", value));
        return rows.Select(r => new RecordRow(r.Text("kind"), r.Text("id"), r.TextOrNull("status"), r.Text("content"))).ToList();
    }

    /// <summary>The artifacts of one run, by path.</summary>
    public static async Task<IReadOnlyList<ArtifactRow>> ArtifactsAsync(ServerDatabase database, string project, string runId, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            "SELECT path, step_name, size, sha256, created_at FROM artifacts WHERE project = @p AND run_id = @r ORDER BY path, created_at, data_row_id", token,
            ("@p", project), ("@r", runId));
        return rows.Select(r => new ArtifactRow(r.Text("path"), r.TextOrNull("step_name"), r["size"] is null ? null : r.Long("size"), r.TextOrNull("sha256"), r.Text("created_at"))).ToList();
    }

    public static async Task<IReadOnlyList<PromotionRow>> PromotionsAsync(ServerDatabase database, string project, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null, "SELECT * FROM promotions WHERE project = @p ORDER BY promoted_at, version", token, ("@p", project));
        return rows.Select(r => new PromotionRow(r.Text("version"), r.Int("revision"), r.Text("commit_sha"), r.Text("tag"), r.Text("promoted_by"), r.Text("promoted_at"))).ToList();
    }

    public static async Task<IReadOnlyList<ApprovalRow>> ApprovalsAsync(ServerDatabase database, string project, string version, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null, "SELECT * FROM approvals WHERE project = @p AND version = @v ORDER BY approved_at, key_id", token,
            ("@p", project), ("@v", version));
        return rows.Select(r => new ApprovalRow(r.Text("version"), r.Int("revision"), r.Text("approved_by"), r.Text("approved_at"))).ToList();
    }

    /// <summary>Every key of the project with its last push and pull.</summary>
    public static async Task<IReadOnlyList<ClientRow>> ClientsAsync(ServerDatabase database, string project, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            "SELECT k.key_id, k.name, k.role, k.revoked_at, c.last_push_at, c.last_pull_at, c.last_pull_seq " +
            "FROM api_keys k LEFT JOIN sync_clients c ON c.key_id = k.key_id WHERE k.project = @p ORDER BY k.name, k.key_id", token, ("@p", project));
        return rows.Select(r => new ClientRow(r.Text("key_id"), r.Text("name"), r.Text("role"), r.TextOrNull("revoked_at"), r.TextOrNull("last_push_at"),
            r.TextOrNull("last_pull_at"), r["last_pull_seq"] is null ? null : r.Long("last_pull_seq"))).ToList();
    }
}
