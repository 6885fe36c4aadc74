using System.Text;
using System.Text.Json;
using Gryt.Contracts;
using Gryt.Server.Api;
using Gryt.Sync.Wire;

namespace Gryt.Server.Storage;

/// <summary>Contracts (generation files) by revision: create at base 0, update only from the current revision.</summary>
internal static class ContractStore
{
    public const int MaxPage = 200;

    /// <summary>The canonical form of a version from a route (<c>2.1.0</c> → <c>v2.1.0</c>), or a 400.</summary>
    public static SemanticVersion Version(string text) =>
        SemanticVersion.TryParse(text, out var version) ? version : throw ApiException.Invalid($"'{SemanticVersion.Printable(text)}' is not a semantic version (e.g. v2.1.0)");

    public static async Task<ContractWire?> GetAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, string project, string version, CancellationToken token, string forUpdate = "")
    {
        var rows = await Sql.QueryAsync(connection, transaction, "SELECT * FROM contracts WHERE project = @p AND version = @v" + forUpdate, token, ("@p", project), ("@v", version));
        return rows.Count == 0 ? null : Wire(rows[0]);
    }

    public static async Task<ContractWire?> GetAsync(ServerDatabase database, string project, string version, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        return await GetAsync(connection, null, project, version, token);
    }

    /// <summary>A page in ordinal order of version text, after <paramref name="after"/>.</summary>
    public static async Task<ContractPage> PageAsync(ServerDatabase database, string project, string? after, int limit, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            "SELECT * FROM contracts WHERE project = @p AND version > @a ORDER BY version LIMIT @l", token,
            ("@p", project), ("@a", after ?? ""), ("@l", limit + 1));
        var items = rows.Take(limit).Select(Wire).ToList();
        return new(items, rows.Count > limit ? items[^1].Version : null);
    }

    public static async Task<PutContractResponse> PutAsync(ServerDatabase database, Caller caller, SemanticVersion version, PutContractRequest request, string now, CancellationToken token)
    {
        var canonical = version.ToString();
        var bytes = Encoding.UTF8.GetBytes(request.Yaml);
        ContractDefinition definition;
        try
        {
            definition = ContractFile.Parse(bytes, $"{canonical}.yaml", version);
        }
        catch (GrytException ex)
        {
            throw ApiException.Invalid(ex.Message);
        }

        if (request.BaseRevision < 0) throw ApiException.Invalid("base_revision must be 0 (create) or the revision last seen");
        var changes = definition.Changes.Select(c => new ContractChangeWire(c.Id, c.Type.ToWord(), c.Title)).ToList();
        var changesJson = JsonSerializer.Serialize<IReadOnlyList<ContractChangeWire>>(changes, SyncJsonContext.Default.IReadOnlyListContractChangeWire);

        return await database.WriteAsync(caller.Project, async write =>
        {
            await SyncClientStore.PushedAsync(write, caller.KeyId, now, token);
            var current = await GetAsync(write.Connection, write.Transaction, caller.Project, canonical, token);
            if (current is not null && current.Yaml == request.Yaml) return new PutContractResponse(current.Revision, current.Sha256);
            if (current?.Status == ContractStatuses.Promoted)
            {
                throw ApiException.Conflict(ErrorCodes.AlreadyPromoted, $"{canonical} is promoted: its contract is frozen");
            }

            if (current is null && request.BaseRevision != 0)
            {
                throw ApiException.NotFound($"{canonical} does not exist on the server: push it with base_revision 0");
            }

            if (current is not null && current.Revision != request.BaseRevision)
            {
                throw new ApiException(409, new ErrorBody(
                    $"{canonical} is at revision {current.Revision} on the server; this edit is based on revision {request.BaseRevision}: pull, merge, push again",
                    ErrorCodes.StaleRevision) { BaseRevision = request.BaseRevision, ServerRevision = current.Revision, ServerSha256 = current.Sha256 });
            }

            var revision = request.BaseRevision + 1;
            var sha = definition.Sha256;
            if (current is null)
            {
                await write.ExecuteAsync(
                    "INSERT INTO contracts (project, version, revision, status, yaml, sha256, tag_prefix, changes_json, updated_by, updated_at) " +
                    "VALUES (@p, @v, 1, @st, @y, @h, @tp, @c, @by, @at) ON CONFLICT DO NOTHING", token,
                    ("@p", caller.Project), ("@v", canonical), ("@st", ContractStatuses.Open), ("@y", request.Yaml), ("@h", sha),
                    ("@tp", definition.TagPrefix), ("@c", changesJson), ("@by", caller.Name), ("@at", now));
            }
            else
            {
                await write.ExecuteAsync(
                    "UPDATE contracts SET revision = @r, yaml = @y, sha256 = @h, tag_prefix = @tp, changes_json = @c, updated_by = @by, updated_at = @at " +
                    "WHERE project = @p AND version = @v AND revision = @base", token,
                    ("@r", revision), ("@y", request.Yaml), ("@h", sha), ("@tp", definition.TagPrefix), ("@c", changesJson),
                    ("@by", caller.Name), ("@at", now), ("@p", caller.Project), ("@v", canonical), ("@base", request.BaseRevision));
            }

            var wire = new ContractWire(canonical, revision, ContractStatuses.Open, request.Yaml, sha, changes, caller.Name, now);
            await Feed.AppendAsync(write, FeedKinds.Generation, canonical, sha, JsonSerializer.Serialize(wire, SyncJsonContext.Default.ContractWire), token);
            await ServerAudit.AppendAsync(write, now, caller.KeyId, caller.Name, current is null ? "contract.create" : "contract.update",
                "generation", canonical, $"{{\"revision\":{revision},\"sha256\":\"{sha}\"}}", token);
            return new PutContractResponse(revision, sha);
        }, token);
    }

    private static ContractWire Wire(Dictionary<string, object?> row) => new(
        row.Text("version"), row.Int("revision"), row.Text("status"), row.Text("yaml"), row.Text("sha256"),
        JsonSerializer.Deserialize(row.Text("changes_json"), SyncJsonContext.Default.IReadOnlyListContractChangeWire)!,
        row.Text("updated_by"), row.Text("updated_at"));
}
