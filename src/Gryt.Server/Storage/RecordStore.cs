using System.Text.Json;
using Gryt.Server.Api;
using Gryt.Sync.Wire;

namespace Gryt.Server.Storage;

/// <summary>
/// Records appended by id and content hash (docs/sync.md): unknown → created, same hash → exists,
/// another hash → refused, except a pending or running record moving on in its lifecycle with
/// its identifying fields unchanged. One request is one transaction.
/// </summary>
internal static class RecordStore
{
    public const int MaxPerRequest = 1000;
    private const int MaxIdLength = 200;
    private const int MaxPathLength = 4096;

    private static readonly Dictionary<string, string> IdField = new(StringComparer.Ordinal)
    {
        [RecordKinds.Evolution] = "evolution_id",
        [RecordKinds.Run] = "run_id",
        [RecordKinds.StepRun] = "step_run_id",
        [RecordKinds.DataRow] = "data_row_id",
        [RecordKinds.AuditEvent] = "event_id",
    };

    private static readonly Dictionary<string, string[]> Identifying = new(StringComparer.Ordinal)
    {
        [RecordKinds.Evolution] = ["generation", "rc_number", "tag", "change_ids"],
        [RecordKinds.Run] = ["evolution_id"],
        [RecordKinds.StepRun] = ["run_id", "step_name"],
    };

    public static async Task<PushRecordsResponse> PushAsync(ServerDatabase database, Caller caller, PushRecordsRequest request, string now, CancellationToken token)
    {
        if (request.Records.Count == 0) throw ApiException.Invalid("records is empty");
        if (request.Records.Count > MaxPerRequest) throw ApiException.Invalid($"{request.Records.Count} records in one request; at most {MaxPerRequest}");
        var hashes = request.Records.Select(Validate).ToList();
        var artifacts = request.Artifacts ?? [];
        if (artifacts.Count > MaxPerRequest) throw ApiException.Invalid($"{artifacts.Count} artifacts in one request; at most {MaxPerRequest}");
        foreach (var artifact in artifacts) Validate(artifact);

        return await database.WriteAsync(caller.Project, async write =>
        {
            await SyncClientStore.PushedAsync(write, caller.KeyId, now, token);
            var results = new List<RecordResult>(request.Records.Count);
            int created = 0, updated = 0;
            for (var i = 0; i < request.Records.Count; i++)
            {
                var record = request.Records[i];
                var canonical = hashes[i];
                var status = Status(record.Content);
                var rows = await write.QueryAsync("SELECT sha256, status, content FROM records WHERE project = @p AND kind = @k AND id = @i", token,
                    ("@p", write.Project), ("@k", record.Kind), ("@i", record.Id));
                if (rows.Count == 0)
                {
                    if (record.Kind == RecordKinds.Evolution) await CheckEvolutionAsync(write, record, token);
                    await write.ExecuteAsync(
                        "INSERT INTO records (project, kind, id, sha256, status, content, seq) VALUES (@p, @k, @i, @h, @s, @c, @q) ON CONFLICT DO NOTHING", token,
                        ("@p", write.Project), ("@k", record.Kind), ("@i", record.Id), ("@h", record.Sha256), ("@s", status), ("@c", canonical), ("@q", write.Seq + 1));
                    await Feed.AppendAsync(write, record.Kind, record.Id, record.Sha256, canonical, token);
                    results.Add(new(record.Id, "created"));
                    created++;
                    continue;
                }

                var stored = rows[0];
                if (stored.Text("sha256") == record.Sha256)
                {
                    results.Add(new(record.Id, "exists"));
                    continue;
                }

                using var storedContent = JsonDocument.Parse(stored.Text("content"));
                if (!RecordStatuses.MayMove(stored.TextOrNull("status"), status) || !SameIdentity(record.Kind, storedContent.RootElement, record.Content))
                {
                    throw new ApiException(409, new ErrorBody(
                        $"{record.Kind} {record.Id} exists on the server with other content (status {stored.TextOrNull("status") ?? "none"}); a stored record changes only while it is pending or running, never once finished",
                        ErrorCodes.HashMismatch) { Id = record.Id });
                }

                await write.ExecuteAsync("UPDATE records SET sha256 = @h, status = @s, content = @c, seq = @q WHERE project = @p AND kind = @k AND id = @i", token,
                    ("@h", record.Sha256), ("@s", status), ("@c", canonical), ("@q", write.Seq + 1), ("@p", write.Project), ("@k", record.Kind), ("@i", record.Id));
                await Feed.AppendAsync(write, record.Kind, record.Id, record.Sha256, canonical, token);
                results.Add(new(record.Id, "updated"));
                updated++;
            }

            var artifactsCreated = 0;
            foreach (var artifact in artifacts)
            {
                if (await StoreAsync(write, artifact, token)) artifactsCreated++;
            }

            if (created + updated + artifactsCreated > 0)
            {
                var also = request.Artifacts is null ? "" : $",\"artifacts\":{artifactsCreated}";
                await ServerAudit.AppendAsync(write, now, caller.KeyId, caller.Name, "records.push", "records",
                    request.Records[0].Id, $"{{\"created\":{created},\"updated\":{updated},\"exists\":{results.Count - created - updated}{also}}}", token);
            }

            return new PushRecordsResponse(results, artifacts.Count);
        }, token);
    }

    /// <summary>Checks a record's shape and hash before any write; returns its canonical content.</summary>
    private static string Validate(WireRecord record)
    {
        if (record.Kind is null || !IdField.TryGetValue(record.Kind, out var idField))
        {
            throw ApiException.Invalid($"unknown record kind '{record.Kind}' (one of {string.Join(", ", RecordKinds.All)})", record.Id);
        }

        if (string.IsNullOrEmpty(record.Id) || record.Id.Length > MaxIdLength)
        {
            throw ApiException.Invalid($"a {record.Kind} record needs an id of 1 to {MaxIdLength} characters");
        }

        if (record.Content.ValueKind != JsonValueKind.Object) throw ApiException.Invalid($"{record.Kind} {record.Id}: content must be an object", record.Id);
        if (!record.Content.TryGetProperty(idField, out var id) || id.ValueKind != JsonValueKind.String || id.GetString() != record.Id)
        {
            throw ApiException.Invalid($"{record.Kind} {record.Id}: content.{idField} must equal the record's id", record.Id);
        }

        if (Identifying.ContainsKey(record.Kind)
            && (!record.Content.TryGetProperty("status", out var status) || status.ValueKind != JsonValueKind.String))
        {
            throw ApiException.Invalid($"{record.Kind} {record.Id}: content.status must be a string", record.Id);
        }

        string canonical;
        string hash;
        try
        {
            canonical = CanonicalJson.Serialize(record.Content);
            hash = CanonicalJson.HashOf(canonical);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw ApiException.Invalid($"{record.Kind} {record.Id}: {ex.Message}", record.Id);
        }

        if (!string.Equals(hash, record.Sha256, StringComparison.Ordinal))
        {
            throw ApiException.Invalid($"{record.Kind} {record.Id}: sha256 {record.Sha256} is not the hash of its content ({hash})", record.Id);
        }

        return canonical;
    }

    private static void Validate(ArtifactWire artifact)
    {
        if (string.IsNullOrEmpty(artifact.DataRowId) || artifact.DataRowId.Length > MaxIdLength)
        {
            throw ApiException.Invalid($"an artifact needs a data_row_id of 1 to {MaxIdLength} characters");
        }

        string? problem = null;
        if (string.IsNullOrEmpty(artifact.RunId) || artifact.RunId.Length > MaxIdLength) problem = $"run_id must be 1 to {MaxIdLength} characters";
        else if (string.IsNullOrEmpty(artifact.Path) || artifact.Path.Length > MaxPathLength) problem = $"path must be 1 to {MaxPathLength} characters";
        else if (artifact.Size is < 0) problem = "size must not be negative";
        else if (artifact.Sha256 is { } sha && (sha.Length != 64 || !sha.All(char.IsAsciiHexDigitLower))) problem = "sha256 must be 64 lower-case hex digits";
        else if (string.IsNullOrEmpty(artifact.CreatedAt)) problem = "created_at must be a timestamp";
        if (problem is not null) throw ApiException.Invalid($"artifact {artifact.DataRowId}: {problem}", artifact.DataRowId);
    }

    /// <summary>Stores an artifact beside its run (which must be on the server); true when it is new. The same one again is
    /// harmless; other content under its id is refused like a record's: an artifact, as measured when its step ended, never changes.</summary>
    private static async Task<bool> StoreAsync(ProjectWrite write, ArtifactWire artifact, CancellationToken token)
    {
        if (await write.ScalarAsync("SELECT 1 FROM records WHERE project = @p AND kind = @k AND id = @r", token,
                ("@p", write.Project), ("@k", RecordKinds.Run), ("@r", artifact.RunId)) is null)
        {
            throw ApiException.NotFound($"artifact {artifact.DataRowId}: run {artifact.RunId} is not on the server: push the run with it");
        }

        var rows = await write.QueryAsync("SELECT run_id, step_name, path, size, sha256, source, created_at FROM artifacts WHERE project = @p AND data_row_id = @i", token,
            ("@p", write.Project), ("@i", artifact.DataRowId));
        if (rows.Count == 0)
        {
            await write.ExecuteAsync(
                "INSERT INTO artifacts (project, data_row_id, run_id, step_name, path, size, sha256, source, created_at) VALUES (@p, @i, @r, @n, @a, @s, @h, @o, @t)", token,
                ("@p", write.Project), ("@i", artifact.DataRowId), ("@r", artifact.RunId), ("@n", artifact.StepName), ("@a", artifact.Path),
                ("@s", artifact.Size), ("@h", artifact.Sha256), ("@o", artifact.Source), ("@t", artifact.CreatedAt));
            return true;
        }

        var stored = rows[0];
        var same = stored.Text("run_id") == artifact.RunId && stored.TextOrNull("step_name") == artifact.StepName && stored.Text("path") == artifact.Path
            && (stored["size"] is null ? null : (long?)stored.Long("size")) == artifact.Size && stored.TextOrNull("sha256") == artifact.Sha256
            && stored.TextOrNull("source") == artifact.Source && stored.Text("created_at") == artifact.CreatedAt;
        if (!same)
        {
            throw new ApiException(409, new ErrorBody($"artifact {artifact.DataRowId} exists on the server with other content; an artifact never changes", ErrorCodes.HashMismatch)
            {
                Id = artifact.DataRowId,
            });
        }

        return false;
    }

    private static string? Status(JsonElement content) =>
        content.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String ? status.GetString() : null;

    private static bool SameIdentity(string kind, JsonElement stored, JsonElement pushed)
    {
        if (!Identifying.TryGetValue(kind, out var fields)) return false;
        foreach (var field in fields)
        {
            var a = stored.TryGetProperty(field, out var x) ? CanonicalJson.Serialize(x) : "null";
            var b = pushed.TryGetProperty(field, out var y) ? CanonicalJson.Serialize(y) : "null";
            if (a != b) return false;
        }

        return true;
    }

    /// <summary>An evolution's generation must exist, and its RC number be free or already its own; pushing allocates it.</summary>
    private static async Task CheckEvolutionAsync(ProjectWrite write, WireRecord record, CancellationToken token)
    {
        var content = record.Content;
        if (!content.TryGetProperty("generation", out var generation) || generation.ValueKind != JsonValueKind.String)
        {
            throw ApiException.Invalid($"evolution {record.Id}: content.generation must be a version", record.Id);
        }

        if (!content.TryGetProperty("rc_number", out var rc) || !rc.TryGetInt32(out var rcNumber) || rcNumber < 1)
        {
            throw ApiException.Invalid($"evolution {record.Id}: content.rc_number must be a whole number from 1", record.Id);
        }

        var version = ContractStore.Version(generation.GetString()!).ToString();
        if (await ContractStore.GetAsync(write.Connection, write.Transaction, write.Project, version, token) is null)
        {
            throw ApiException.NotFound($"evolution {record.Id}: generation {version} does not exist on the server: push its contract first");
        }

        await ReleaseStore.ClaimRcAsync(write, version, rcNumber, record.Id, token);
    }
}
