using System.Text.Json;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Server.Api;

/// <summary>
/// Around every request: authenticates <c>/api/v1</c> (Bearer key), turns refusals into the error
/// body of docs/sync.md, logs them (never the key) and records refusals of authenticated requests
/// in the project's audit chain. Unexpected failures become a 500 without exception text.
/// </summary>
internal sealed partial class ApiMiddleware(RequestDelegate next, ServerDatabase database, KeyCache keys, TimeProvider clock, ILogger<ApiMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            if (context.Request.Path.StartsWithSegments("/api/v1", StringComparison.Ordinal))
            {
                await AuthenticateAsync(context);
            }

            await next(context);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (a dropped connection): no one to answer, nothing was committed
            // that it would not find on its retry.
            var path = context.Request.Path.Value ?? "";
            LogAborted(logger, context.Request.Method, path);
        }
        catch (ApiException refusal)
        {
            await RefuseAsync(context, refusal.Status, refusal.Body);
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await RefuseAsync(context, 413, new($"the request body is larger than {ServerApp.MaxBodyBytes / (1024 * 1024)} MiB", ErrorCodes.TooLarge));
        }
        catch (BadHttpRequestException bad)
        {
            await RefuseAsync(context, 400, new($"bad request: {bad.Message}", ErrorCodes.BadJson));
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            LogFailure(logger, ex, context.Request.Method, context.Request.Path);
            context.Response.StatusCode = 500;
            await context.Response.WriteAsJsonAsync(new ErrorBody("the server failed; its log says why", "internal"), SyncJsonContext.Default.ErrorBody);
        }
    }

    private async Task AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || header.Length == 7)
        {
            throw new ApiException(401, new("no API key: send the header Authorization: Bearer KEY", ErrorCodes.NoKey));
        }

        if (await keys.FindAsync(header[7..], context.RequestAborted) is not { } key)
        {
            throw new ApiException(401, new("the API key is not valid", ErrorCodes.BadKey));
        }

        if (key.RevokedAt is not null)
        {
            throw new ApiException(401, new($"the API key {key.KeyId} was revoked at {key.RevokedAt}", ErrorCodes.RevokedKey));
        }

        context.Items[typeof(Caller)] = new Caller(key.KeyId, key.Project, key.Role, key.Name);
    }

    private async Task RefuseAsync(HttpContext context, int status, ErrorBody body)
    {
        var caller = context.Items.TryGetValue(typeof(Caller), out var value) ? value as Caller : null;
        LogRefusal(logger, context.Request.Method, context.Request.Path, status, body.Code, caller?.KeyId ?? "-", body.Error);
        if (caller is not null && status != 413)
        {
            // A refusal is recorded apart from the refused write, which was rolled back whole.
            var details = JsonSerializer.Serialize(body, SyncJsonContext.Default.ErrorBody);
            await database.WriteAsync(caller.Project, async write =>
            {
                await ServerAudit.AppendAsync(write, Timestamps.Format(clock.GetUtcNow()), caller.KeyId, caller.Name, "refused",
                    "request", $"{context.Request.Method} {context.Request.Path}", details, CancellationToken.None);
                return 0;
            }, CancellationToken.None);
        }

        if (status == 413)
        {
            // The rest of an oversized body is not read: the connection closes after the answer.
            context.Response.Headers.Connection = "close";
        }

        context.Response.StatusCode = status;
        await context.Response.WriteAsJsonAsync(body, SyncJsonContext.Default.ErrorBody);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "refused {Method} {Path}: {Status} {Code} (key id {KeyId}): {Reason}")]
    private static partial void LogRefusal(ILogger logger, string method, string path, int status, string code, string keyId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "aborted by the client: {Method} {Path}")]
    private static partial void LogAborted(ILogger logger, string method, string path);

    [LoggerMessage(Level = LogLevel.Error, Message = "failed {Method} {Path}")]
    private static partial void LogFailure(ILogger logger, Exception exception, string method, string path);
}
