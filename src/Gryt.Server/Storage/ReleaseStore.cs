using System.Text.Json;
using Gryt.Server.Api;
using Gryt.Sync.Wire;

namespace Gryt.Server.Storage;

/// <summary>RC numbers, approvals and the promotion compare-and-swap of a generation.</summary>
internal static class ReleaseStore
{
    /// <summary>Gives <paramref name="rcNumber"/> to <paramref name="evolutionId"/>, or 409 <c>rc_taken</c> naming its holder.</summary>
    public static async Task ClaimRcAsync(ProjectWrite write, string version, int rcNumber, string evolutionId, CancellationToken token)
    {
        var holder = await write.ScalarAsync("SELECT evolution_id FROM rc_numbers WHERE project = @p AND version = @v AND rc_number = @n", token,
            ("@p", write.Project), ("@v", version), ("@n", rcNumber)) as string;
        if (holder is not null && holder != evolutionId)
        {
            throw new ApiException(409, new ErrorBody($"{version} rc {rcNumber} belongs to evolution {holder}", ErrorCodes.RcTaken)
            { Id = evolutionId, EvolutionId = holder });
        }

        var own = await write.ScalarAsync("SELECT rc_number FROM rc_numbers WHERE project = @p AND version = @v AND evolution_id = @e", token,
            ("@p", write.Project), ("@v", version), ("@e", evolutionId));
        if (own is not null && Convert.ToInt32(own, System.Globalization.CultureInfo.InvariantCulture) != rcNumber)
        {
            throw new ApiException(409, new ErrorBody($"evolution {evolutionId} was allocated {version} rc {own}, not {rcNumber}", ErrorCodes.RcTaken)
            { Id = evolutionId, EvolutionId = evolutionId });
        }

        await write.ExecuteAsync("INSERT INTO rc_numbers (project, version, rc_number, evolution_id) VALUES (@p, @v, @n, @e) ON CONFLICT DO NOTHING", token,
            ("@p", write.Project), ("@v", version), ("@n", rcNumber), ("@e", evolutionId));
    }

    /// <summary>The next free RC number of the generation for an evolution; the same number when asked again.</summary>
    public static async Task<RcResponse> AllocateRcAsync(ServerDatabase database, Caller caller, SemanticVersion version, string evolutionId, string now, CancellationToken token)
    {
        if (string.IsNullOrEmpty(evolutionId) || evolutionId.Length > 200) throw ApiException.Invalid("evolution_id must be 1 to 200 characters");
        var canonical = version.ToString();
        return await database.WriteAsync(caller.Project, async write =>
        {
            var contract = await ContractStore.GetAsync(write.Connection, write.Transaction, write.Project, canonical, token)
                ?? throw ApiException.NotFound($"generation {canonical} does not exist on the server: push its contract first");
            var prefix = await write.ScalarAsync("SELECT tag_prefix FROM contracts WHERE project = @p AND version = @v", token, ("@p", write.Project), ("@v", canonical)) as string ?? "";
            var own = await write.ScalarAsync("SELECT rc_number FROM rc_numbers WHERE project = @p AND version = @v AND evolution_id = @e", token,
                ("@p", write.Project), ("@v", canonical), ("@e", evolutionId));
            if (own is not null)
            {
                var number = Convert.ToInt32(own, System.Globalization.CultureInfo.InvariantCulture);
                return new RcResponse(number, $"{prefix}{canonical}-rc.{number}");
            }

            if (contract.Status == ContractStatuses.Promoted)
            {
                throw ApiException.Conflict(ErrorCodes.AlreadyPromoted, $"{canonical} is promoted: no more release candidates");
            }

            var highest = await write.ScalarAsync("SELECT MAX(rc_number) FROM rc_numbers WHERE project = @p AND version = @v", token, ("@p", write.Project), ("@v", canonical));
            var next = (highest is null ? 0 : Convert.ToInt32(highest, System.Globalization.CultureInfo.InvariantCulture)) + 1;
            await ClaimRcAsync(write, canonical, next, evolutionId, token);
            await ServerAudit.AppendAsync(write, now, caller.KeyId, caller.Name, "rc.allocate", "generation", canonical,
                $"{{\"rc_number\":{next},\"evolution_id\":{JsonSerializer.Serialize(evolutionId, SyncJsonContext.Default.String)}}}", token);
            return new RcResponse(next, $"{prefix}{canonical}-rc.{next}");
        }, token);
    }

    public static async Task<ApprovalResponse> ApproveAsync(ServerDatabase database, Caller caller, SemanticVersion version, int revision, string now, CancellationToken token)
    {
        var canonical = version.ToString();
        return await database.WriteAsync(caller.Project, async write =>
        {
            var contract = await ContractStore.GetAsync(write.Connection, write.Transaction, write.Project, canonical, token)
                ?? throw ApiException.NotFound($"generation {canonical} does not exist on the server");
            if (contract.Status == ContractStatuses.Promoted) throw ApiException.Conflict(ErrorCodes.AlreadyPromoted, $"{canonical} is promoted already");
            if (contract.Revision != revision)
            {
                throw new ApiException(409, new ErrorBody($"{canonical} is at revision {contract.Revision} on the server, not {revision}: approve what is there", ErrorCodes.StaleRevision)
                { BaseRevision = revision, ServerRevision = contract.Revision, ServerSha256 = contract.Sha256 });
            }

            var inserted = await write.ExecuteAsync(
                "INSERT INTO approvals (project, version, revision, key_id, approved_by, approved_at) VALUES (@p, @v, @r, @k, @b, @t) ON CONFLICT DO NOTHING", token,
                ("@p", write.Project), ("@v", canonical), ("@r", revision), ("@k", caller.KeyId), ("@b", caller.Name), ("@t", now));
            if (inserted > 0)
            {
                var content = new ApprovalContent(canonical, revision, caller.Name, caller.KeyId, now);
                var element = JsonSerializer.SerializeToElement(content, SyncJsonContext.Default.ApprovalContent);
                var json = CanonicalJson.Serialize(element);
                await Feed.AppendAsync(write, FeedKinds.Approval, $"{canonical}@{revision}/{caller.KeyId}", CanonicalJson.HashOf(json), json, token);
                await ServerAudit.AppendAsync(write, now, caller.KeyId, caller.Name, "approve", "generation", canonical, $"{{\"revision\":{revision}}}", token);
            }

            var approvers = await Approvers(write, canonical, revision, exceptKeyId: null, token);
            var mine = await write.ScalarAsync("SELECT approved_at FROM approvals WHERE project = @p AND version = @v AND revision = @r AND key_id = @k", token,
                ("@p", write.Project), ("@v", canonical), ("@r", revision), ("@k", caller.KeyId)) as string ?? now;
            return new ApprovalResponse(canonical, revision, caller.Name, mine, approvers);
        }, token);
    }

    /// <summary>The promotion compare-and-swap: yes once per version, only at the expected revision with enough approvals by other keys.</summary>
    public static async Task<PromotionResponse> PromoteAsync(ServerDatabase database, Caller caller, SemanticVersion version, PromotionRequest request, string now, CancellationToken token)
    {
        var canonical = version.ToString();
        if (request.RequiredApprovals < 0) throw ApiException.Invalid("required_approvals must be 0 or more");
        if (string.IsNullOrWhiteSpace(request.CommitSha) || string.IsNullOrWhiteSpace(request.Tag)) throw ApiException.Invalid("commit_sha and tag are required");
        return await database.WriteAsync(caller.Project, async write =>
        {
            var contract = await ContractStore.GetAsync(write.Connection, write.Transaction, write.Project, canonical, token)
                ?? throw ApiException.NotFound($"generation {canonical} does not exist on the server");
            if (await Promotion(write, canonical, token) is { } done) throw AlreadyPromoted(canonical, done);
            if (contract.Revision != request.ExpectedRevision)
            {
                throw new ApiException(409, new ErrorBody($"{canonical} is at revision {contract.Revision} on the server, not {request.ExpectedRevision}: pull and check again", ErrorCodes.StaleRevision)
                { BaseRevision = request.ExpectedRevision, ServerRevision = contract.Revision, ServerSha256 = contract.Sha256 });
            }

            var approvers = await Approvers(write, canonical, contract.Revision, caller.KeyId, token);
            if (approvers.Count < request.RequiredApprovals)
            {
                throw new ApiException(409, new ErrorBody(
                    $"{canonical} needs {request.RequiredApprovals} approval(s) of revision {contract.Revision} by keys other than the promoter's; it has {approvers.Count}",
                    ErrorCodes.ApprovalsMissing) { Required = request.RequiredApprovals, ApprovedBy = approvers });
            }

            var evolutionIds = JsonSerializer.Serialize(request.EvolutionIds, SyncJsonContext.Default.IReadOnlyListString);
            var inserted = await write.ExecuteAsync(
                "INSERT INTO promotions (project, version, revision, commit_sha, tag, evolution_ids, key_id, promoted_by, promoted_at) " +
                "VALUES (@p, @v, @r, @c, @t, @e, @k, @b, @at) ON CONFLICT DO NOTHING", token,
                ("@p", write.Project), ("@v", canonical), ("@r", contract.Revision), ("@c", request.CommitSha), ("@t", request.Tag),
                ("@e", evolutionIds), ("@k", caller.KeyId), ("@b", caller.Name), ("@at", now));
            if (inserted == 0) throw AlreadyPromoted(canonical, (await Promotion(write, canonical, token))!);
            await write.ExecuteAsync("UPDATE contracts SET status = @s WHERE project = @p AND version = @v", token,
                ("@s", ContractStatuses.Promoted), ("@p", write.Project), ("@v", canonical));
            var content = new PromotionContent(canonical, contract.Revision, request.CommitSha, request.Tag, request.EvolutionIds, caller.Name, now);
            var element = JsonSerializer.SerializeToElement(content, SyncJsonContext.Default.PromotionContent);
            var json = CanonicalJson.Serialize(element);
            await Feed.AppendAsync(write, FeedKinds.Promotion, canonical, CanonicalJson.HashOf(json), json, token);
            await ServerAudit.AppendAsync(write, now, caller.KeyId, caller.Name, "promote", "generation", canonical, json, token);
            return new PromotionResponse(now, caller.Name);
        }, token);
    }

    private static async Task<Dictionary<string, object?>?> Promotion(ProjectWrite write, string version, CancellationToken token) =>
        (await write.QueryAsync("SELECT * FROM promotions WHERE project = @p AND version = @v", token, ("@p", write.Project), ("@v", version))).FirstOrDefault();

    private static ApiException AlreadyPromoted(string version, Dictionary<string, object?> row) =>
        new(409, new ErrorBody($"{version} was promoted by {row.Text("promoted_by")} at {row.Text("promoted_at")} (commit {row.Text("commit_sha")})", ErrorCodes.AlreadyPromoted)
        { PromotedBy = row.Text("promoted_by"), PromotedAt = row.Text("promoted_at"), CommitSha = row.Text("commit_sha") });

    private static async Task<IReadOnlyList<string>> Approvers(ProjectWrite write, string version, int revision, string? exceptKeyId, CancellationToken token)
    {
        var rows = await write.QueryAsync("SELECT key_id, approved_by FROM approvals WHERE project = @p AND version = @v AND revision = @r ORDER BY approved_at, key_id", token,
            ("@p", write.Project), ("@v", version), ("@r", revision));
        return rows.Where(r => r.Text("key_id") != exceptKeyId).Select(r => r.Text("approved_by")).ToList();
    }
}
