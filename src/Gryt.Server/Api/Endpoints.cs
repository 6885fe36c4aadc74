using System.Text.Json.Serialization.Metadata;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Server.Api;

/// <summary>The routes of docs/sync.md. Handlers read bodies with <see cref="Body"/> and answer with the wire context.</summary>
internal static class Endpoints
{
    public static void Map(WebApplication app)
    {
        var database = app.Services.GetRequiredService<ServerDatabase>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        string Now() => Timestamps.Format(clock.GetUtcNow());

        app.MapGet("/health", () => Results.Json(new HealthResponse("ok", GrytVersion.Current, database.Dialect.Name), SyncJsonContext.Default.HealthResponse))
            .WithSummary("Liveness, the server's version and its store (no key needed)");

        var api = app.MapGroup("/api/v1");

        api.MapGet("/whoami", (HttpContext context) =>
        {
            var caller = Caller.Of(context);
            return Results.Json(new WhoAmIResponse(caller.Project, ApiKeys.RoleWord(caller.Role), caller.Name, caller.KeyId), SyncJsonContext.Default.WhoAmIResponse);
        }).WithSummary("The key's project, role and name");

        var project = api.MapGroup("/projects/{project}");

        project.MapGet("/generations", async (HttpContext context, string project) =>
        {
            Caller.Require(context, project, Role.Read);
            var after = context.Request.Query["after"].ToString();
            var page = await ContractStore.PageAsync(database, project, after.Length == 0 ? null : after, Body.Limit(context, 100, ContractStore.MaxPage), context.RequestAborted);
            return Results.Json(page, SyncJsonContext.Default.ContractPage);
        }).WithSummary("Contracts, a page in version order (after, limit)");

        project.MapGet("/generations/{version}", async (HttpContext context, string project, string version) =>
        {
            Caller.Require(context, project, Role.Read);
            var canonical = ContractStore.Version(version).ToString();
            var contract = await ContractStore.GetAsync(database, project, canonical, context.RequestAborted)
                ?? throw ApiException.NotFound($"generation {canonical} does not exist on the server");
            return Results.Json(contract, SyncJsonContext.Default.ContractWire);
        }).WithSummary("One contract");

        VersionWrite(project, HttpMethods.Put, "/generations/{version}", Role.Write, SyncJsonContext.Default.PutContractRequest, SyncJsonContext.Default.PutContractResponse,
            (caller, version, request, token) => ContractStore.PutAsync(database, caller, version, request, Now(), token))
            .WithSummary("Push a contract: base_revision 0 creates, else the revision last seen");

        project.MapPost("/records", async (HttpContext context, string project) =>
        {
            var caller = Caller.Require(context, project, Role.Write);
            var request = await Body.ReadAsync(context, SyncJsonContext.Default.PushRecordsRequest);
            var answer = await RecordStore.PushAsync(database, caller, request, Now(), context.RequestAborted);
            return Results.Json(answer, SyncJsonContext.Default.PushRecordsResponse);
        }).WithSummary("Append records by id and content hash (one transaction)");

        project.MapGet("/changes", async (HttpContext context, string project) =>
        {
            var caller = Caller.Require(context, project, Role.Read);
            var page = await Feed.PageAsync(database, project, Body.Since(context), Body.Limit(context, 500, 1000), context.RequestAborted);
            await SyncClientStore.PulledAsync(database, caller.KeyId, caller.Project, page.NextSince, Now(), context.RequestAborted);
            return Results.Json(page, SyncJsonContext.Default.FeedPage);
        }).WithSummary("The change feed after a sequence number (since, limit)");

        VersionWrite(project, HttpMethods.Post, "/generations/{version}/rc", Role.Write, SyncJsonContext.Default.RcRequest, SyncJsonContext.Default.RcResponse,
            (caller, version, request, token) => ReleaseStore.AllocateRcAsync(database, caller, version, request.EvolutionId, Now(), token))
            .WithSummary("Allocate the next RC number to an evolution (idempotent per evolution id)");

        VersionWrite(project, HttpMethods.Post, "/generations/{version}/approvals", Role.Release, SyncJsonContext.Default.ApprovalRequest, SyncJsonContext.Default.ApprovalResponse,
            (caller, version, request, token) => ReleaseStore.ApproveAsync(database, caller, version, request.Revision, Now(), token))
            .WithSummary("Approve a revision of a contract");

        VersionWrite(project, HttpMethods.Post, "/generations/{version}/promotion", Role.Release, SyncJsonContext.Default.PromotionRequest, SyncJsonContext.Default.PromotionResponse,
            (caller, version, request, token) => ReleaseStore.PromoteAsync(database, caller, version, request, Now(), token))
            .WithSummary("The promotion compare-and-swap");

        project.MapGet("/audit", async (HttpContext context, string project) =>
        {
            Caller.Require(context, project, Role.Admin);
            var page = await ServerAudit.PageAsync(database, project, Body.Since(context), Body.Limit(context, 500, 1000), context.RequestAborted);
            return Results.Json(page, SyncJsonContext.Default.ServerAuditPage);
        }).WithSummary("The server's audit chain of the project (since, limit)");

        project.MapGet("/audit/verify", async (HttpContext context, string project) =>
        {
            Caller.Require(context, project, Role.Admin);
            var verification = await ServerAudit.VerifyAsync(database, project, context.RequestAborted);
            return Results.Json(verification, SyncJsonContext.Default.ServerAuditVerification);
        }).WithSummary("Verify the project's server audit chain");
    }

    /// <summary>A write on one generation: the key's project and role checked, the version parsed, the body read, the answer written.</summary>
    private static RouteHandlerBuilder VersionWrite<TRequest, TAnswer>(RouteGroupBuilder group, string method, string pattern, Role role,
        JsonTypeInfo<TRequest> request, JsonTypeInfo<TAnswer> answer, Func<Caller, SemanticVersion, TRequest, CancellationToken, Task<TAnswer>> handle) =>
        group.MapMethods(pattern, [method], async (HttpContext context, string project, string version) =>
        {
            var caller = Caller.Require(context, project, role);
            var parsed = ContractStore.Version(version);
            var body = await Body.ReadAsync(context, request);
            return Results.Json(await handle(caller, parsed, body, context.RequestAborted), answer);
        });
}
