using Gryt.Sync.Wire;

namespace Gryt.Server.Api;

/// <summary>A refusal: the status and the error body the client gets (docs/sync.md, Errors).</summary>
internal sealed class ApiException(int status, ErrorBody body) : Exception(body.Error)
{
    public int Status { get; } = status;

    public ErrorBody Body { get; } = body;

    public static ApiException BadJson(string message) => new(400, new(message, ErrorCodes.BadJson));

    public static ApiException Invalid(string message, string? id = null) => new(400, new(message, ErrorCodes.Invalid) { Id = id });

    public static ApiException NotFound(string message) => new(404, new(message, ErrorCodes.NotFound));

    public static ApiException Conflict(string code, string message) => new(409, new(message, code));
}
