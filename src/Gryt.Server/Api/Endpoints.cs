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

        project.MapPut("/generations/{version}", async (HttpContext context, string project, string version) =>
        {
            var caller = Caller.Require(context, project, Role.Write);
            var parsed = ContractStore.Version(version);
            var request = await Body.ReadAsync(context, SyncJsonContext.Default.PutContractRequest);
            var answer = await ContractStore.PutAsync(database, caller, parsed, request, Now(), context.RequestAborted);
            return Results.Json(answer, SyncJsonContext.Default.PutContractResponse);
        }).WithSummary("Push a contract: base_revision 0 creates, else the revision last seen");

        project.MapPost("/records", async (HttpContext context, string project) =>
        {
            var caller = Caller.Require(context, project, Role.Write);
            var request = await Body.ReadAsync(context, SyncJsonContext.Default.PushRecordsRequest);
            var answer = await RecordStore.PushAsync(database, caller, request, Now(), context.RequestAborted);
            return Results.Json(answer, SyncJsonContext.Default.PushRecordsResponse);
        }).WithSummary("Append records by id and content hash (one transaction)");

        project.MapGet("/changes", async (HttpContext context, string project) =>
        {
            Caller.Require(context, project, Role.Read);
            var page = await Feed.PageAsync(database, project, Body.Since(context), Body.Limit(context, 500, 1000), context.RequestAborted);
            return Results.Json(page, SyncJsonContext.Default.FeedPage);
        }).WithSummary("The change feed after a sequence number (since, limit)");

        project.MapPost("/generations/{version}/rc", async (HttpContext context, string project, string version) =>
        {
            var caller = Caller.Require(context, project, Role.Write);
            var parsed = ContractStore.Version(version);
            var request = await Body.ReadAsync(context, SyncJsonContext.Default.RcRequest);
            var answer = await ReleaseStore.AllocateRcAsync(database, caller, parsed, request.EvolutionId, Now(), context.RequestAborted);
            return Results.Json(answer, SyncJsonContext.Default.RcResponse);
        }).WithSummary("Allocate the next RC number to an evolution (idempotent per evolution id)");

        project.MapPost("/generations/{version}/approvals", async (HttpContext context, string project, string version) =>
        {
            var caller = Caller.Require(context, project, Role.Release);
            var parsed = ContractStore.Version(version);
            var request = await Body.ReadAsync(context, SyncJsonContext.Default.ApprovalRequest);
            var answer = await ReleaseStore.ApproveAsync(database, caller, parsed, request.Revision, Now(), context.RequestAborted);
            return Results.Json(answer, SyncJsonContext.Default.ApprovalResponse);
        }).WithSummary("Approve a revision of a contract");

        project.MapPost("/generations/{version}/promotion", async (HttpContext context, string project, string version) =>
        {
            var caller = Caller.Require(context, project, Role.Release);
            var parsed = ContractStore.Version(version);
            var request = await Body.ReadAsync(context, SyncJsonContext.Default.PromotionRequest);
            var answer = await ReleaseStore.PromoteAsync(database, caller, parsed, request, Now(), context.RequestAborted);
            return Results.Json(answer, SyncJsonContext.Default.PromotionResponse);
        }).WithSummary("The promotion compare-and-swap");

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
}
