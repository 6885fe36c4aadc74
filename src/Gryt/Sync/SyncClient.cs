using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Gryt.Sync.Wire;

namespace Gryt.Sync;

/// <summary>
/// The HTTP side of <c>gryt sync</c>: one method a route of docs/sync.md, JSON through the
/// source-generated <see cref="SyncJsonContext"/> (the CLI is compiled ahead of time). Every
/// failure becomes a <see cref="GrytException"/> with one line: an unreachable server and a
/// refused key are environment failures (exit 5), each with its own message; 409 a conflict
/// (exit 4, with what the server said); 400 bad input (exit 2).
/// </summary>
internal sealed class SyncClient : IDisposable
{
    /// <summary>How long one request may take before the server counts as unreachable.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private static readonly SyncJsonContext Json = SyncJsonContext.Default;
    private readonly HttpClient _http;

    public SyncClient(string server, string project, string key, TimeSpan? timeout = null)
    {
        Server = server;
        Project = project;
        _http = new HttpClient { BaseAddress = new Uri(server.TrimEnd('/') + "/"), Timeout = timeout ?? DefaultTimeout };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("gryt", GrytVersion.Current));
    }

    public string Server { get; }

    public string Project { get; }

    private string ProjectPath => "api/v1/projects/" + Uri.EscapeDataString(Project);

    public void Dispose() => _http.Dispose();

    public Task<WhoAmIResponse> WhoAmIAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "api/v1/whoami", null, Json.WhoAmIResponse, cancellationToken);

    /// <summary>Every contract the server has, page by page.</summary>
    public async Task<List<ContractWire>> ContractsAsync(CancellationToken cancellationToken)
    {
        var all = new List<ContractWire>();
        string? after = null;
        do
        {
            var query = "?limit=200" + (after is null ? "" : "&after=" + Uri.EscapeDataString(after));
            var page = await SendAsync(HttpMethod.Get, ProjectPath + "/generations" + query, null, Json.ContractPage, cancellationToken);
            all.AddRange(page.Items);
            after = page.NextAfter;
        }
        while (after is not null);

        return all;
    }

    /// <summary>One contract, or null when the server does not have it.</summary>
    public async Task<ContractWire?> ContractAsync(string version, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync(HttpMethod.Get, $"{ProjectPath}/generations/{Uri.EscapeDataString(version)}", null, Json.ContractWire, cancellationToken);
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    /// <summary>Pushes a contract; a stale base revision is a <see cref="StaleRevisionException"/>.</summary>
    public Task<PutContractResponse> PutContractAsync(string version, PutContractRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{ProjectPath}/generations/{Uri.EscapeDataString(version)}", Content(request, Json.PutContractRequest), Json.PutContractResponse, cancellationToken,
            (status, error) => error.Code == ErrorCodes.StaleRevision
                ? new StaleRevisionException(version, error.BaseRevision ?? request.BaseRevision, error.ServerRevision ?? 0, error.ServerSha256)
                : null);

    /// <summary>Appends records (≤ 1 000) and, beside them, artifacts (≤ 1 000); a 409 naming one record or artifact is a <see cref="RecordRefusedException"/>.</summary>
    public Task<PushRecordsResponse> PushRecordsAsync(IReadOnlyList<WireRecord> records, CancellationToken cancellationToken, IReadOnlyList<ArtifactWire>? artifacts = null) =>
        SendAsync(HttpMethod.Post, ProjectPath + "/records", Content(new PushRecordsRequest(records, artifacts), Json.PushRecordsRequest), Json.PushRecordsResponse, cancellationToken,
            (status, error) => status == HttpStatusCode.Conflict && error.Id is not null ? new RecordRefusedException(error.Id, error.Code, error.Error, error.EvolutionId) : null);

    public Task<FeedPage> ChangesAsync(long since, int limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{ProjectPath}/changes?since={since}&limit={limit}", null, Json.FeedPage, cancellationToken);

    public Task<RcResponse> AllocateRcAsync(string version, string evolutionId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{ProjectPath}/generations/{Uri.EscapeDataString(version)}/rc", Content(new RcRequest(evolutionId), Json.RcRequest), Json.RcResponse, cancellationToken);

    public Task<PromotionResponse> PromoteAsync(string version, PromotionRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{ProjectPath}/generations/{Uri.EscapeDataString(version)}/promotion", Content(request, Json.PromotionRequest), Json.PromotionResponse, cancellationToken,
            (status, error) => error.Code switch
            {
                ErrorCodes.AlreadyPromoted => new ConflictException(
                    $"{version} was already promoted on the server by {error.PromotedBy ?? "someone"} at {error.PromotedAt ?? "?"}" + (error.CommitSha is null ? "" : $" (commit {Short(error.CommitSha)})"),
                    "pull to see it: gryt sync pull"),
                ErrorCodes.StaleRevision => new StaleRevisionException(version, error.BaseRevision ?? request.ExpectedRevision, error.ServerRevision ?? 0, error.ServerSha256),
                ErrorCodes.ApprovalsMissing => new ConflictException(
                    $"{version} needs {error.Required ?? request.RequiredApprovals} approval(s) of this revision by keys other than yours; approved by: {(error.ApprovedBy is { Count: > 0 } by ? string.Join(", ", by) : "nobody")}",
                    $"ask for approval: gryt generation approve {version}"),
                _ => null,
            });

    public Task<ApprovalResponse> ApproveAsync(string version, int revision, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{ProjectPath}/generations/{Uri.EscapeDataString(version)}/approvals", Content(new ApprovalRequest(revision), Json.ApprovalRequest), Json.ApprovalResponse, cancellationToken);

    private static ByteArrayContent Content<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private async Task<T> SendAsync<T>(
        HttpMethod method, string path, HttpContent? content, JsonTypeInfo<T> answer, CancellationToken cancellationToken,
        Func<HttpStatusCode, ErrorBody, GrytException?>? refusal = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw Unreachable(ex.InnerException?.Message ?? ex.Message, ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Unreachable($"no answer within {_http.Timeout.TotalSeconds:0} s", ex);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            }
            catch (HttpRequestException ex)
            {
                throw Unreachable("the connection broke while reading the answer: " + ex.Message, ex);
            }

            if (response.IsSuccessStatusCode)
            {
                try
                {
                    return JsonSerializer.Deserialize(body, answer) ?? throw new JsonException("the answer is null");
                }
                catch (JsonException ex)
                {
                    throw new GrytEnvironmentException($"the sync server {Server} answered {method} /{Path(path)} with something that is not the answer gryt expects: {ex.Message}",
                        "is the URL a gryt-server of the same protocol version? check sync.server in .gryt/config.yaml", ex);
                }
            }

            var error = ReadError(body, response.StatusCode);
            if (refusal?.Invoke(response.StatusCode, error) is { } specific) throw specific;
            throw Refused(method, path, response.StatusCode, error);
        }
    }

    private GrytEnvironmentException Unreachable(string reason, Exception inner) =>
        new($"cannot reach the sync server {Server}: {OneLine(reason)}",
            "is gryt-server running there? check sync.server in .gryt/config.yaml (gryt sync config)", inner);

    private GrytException Refused(HttpMethod method, string path, HttpStatusCode status, ErrorBody error)
    {
        var said = OneLine(error.Error);
        return status switch
        {
            HttpStatusCode.Unauthorized => new GrytEnvironmentException(
                error.Code == ErrorCodes.NoKey ? $"the sync server {Server} needs a key: {said}" : $"the sync server {Server} refused the key ({error.Code}): {said}",
                "log in with a valid key: gryt sync login (or set GRYT_TOKEN)"),
            HttpStatusCode.Forbidden => new GrytEnvironmentException(
                $"the sync server {Server} does not allow this key to {Verb(method)} {Path(path)} ({error.Code}): {said}",
                error.Code == ErrorCodes.WrongProject ? "the key belongs to another project: check sync.project in .gryt/config.yaml" : "ask for a key with a role that may do this"),
            HttpStatusCode.NotFound => new NotFoundException($"the sync server {Server} has no {Path(path)}: {said}"),
            HttpStatusCode.Conflict => new ConflictException($"the sync server {Server} refused it ({error.Code}): {said}"),
            HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.UnprocessableEntity =>
                new InvalidInputException($"the sync server {Server} refused {Path(path)} ({error.Code}): {said}"),
            _ => new GrytEnvironmentException($"the sync server {Server} failed ({(int)status} {status}): {said}", "see the server's log"),
        };
    }

    private static ErrorBody ReadError(byte[] body, HttpStatusCode status)
    {
        try
        {
            if (body.Length > 0 && JsonSerializer.Deserialize(body, Json.ErrorBody) is { Error: not null, Code: not null } error) return error;
        }
        catch (JsonException)
        {
        }

        return new ErrorBody($"HTTP {(int)status} without a gryt error body", "http_" + (int)status);
    }

    private static string Verb(HttpMethod method) => method == HttpMethod.Get ? "read" : "write";

    private static string Path(string path) => path.Split('?')[0];

    private static string Short(string sha) => sha.Length > 12 ? sha[..12] : sha;

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}

/// <summary>A contract push or promotion whose base revision is not the server's (exit 4, naming both revisions).</summary>
internal sealed class StaleRevisionException(string version, int baseRevision, int serverRevision, string? serverSha256)
    : ConflictException($"{version}: your copy is based on revision {baseRevision}, the server has revision {serverRevision}",
        $"pull it first (gryt sync pull), merge your edits into .gryt/generations/{version}.yaml, then push again")
{
    public string Version { get; } = version;
    public int BaseRevision { get; } = baseRevision;
    public int ServerRevision { get; } = serverRevision;
    public string? ServerSha256 { get; } = serverSha256;
}

/// <summary>A record the server refused (409: <c>hash_mismatch</c>, <c>rc_taken</c>).</summary>
internal sealed class RecordRefusedException(string id, string code, string message, string? otherEvolution)
    : ConflictException($"record {id} refused ({code}): {message}")
{
    public string Id { get; } = id;
    public string Code { get; } = code;
    public string? OtherEvolution { get; } = otherEvolution;
}
