using Gryt.Server.Keys;
using Gryt.Sync.Wire;

namespace Gryt.Server.Api;

/// <summary>The authenticated key of a request: its project, role and name. Set by <see cref="ApiMiddleware"/>.</summary>
internal sealed record Caller(string KeyId, string Project, Role Role, string Name)
{
    public static Caller Of(HttpContext context) => (Caller)context.Items[typeof(Caller)]!;

    /// <summary>The caller, after checking that its key belongs to <paramref name="project"/> and has <paramref name="role"/>.</summary>
    public static Caller Require(HttpContext context, string project, Role role)
    {
        var caller = Of(context);
        if (caller.Project != project)
        {
            throw new ApiException(403, new($"this key belongs to project {caller.Project}, not {project}", ErrorCodes.WrongProject));
        }

        if (caller.Role < role)
        {
            throw new ApiException(403, new($"this key's role is {ApiKeys.RoleWord(caller.Role)}; this needs {ApiKeys.RoleWord(role)}", ErrorCodes.Role));
        }

        return caller;
    }
}
