using System.Security.Cryptography;
using Gryt.Server.Keys;
using Gryt.Server.Storage;

namespace Gryt.Server.Web;

/// <summary>
/// Browser sessions: signing in with an API key makes a random token, kept by the browser in an
/// HttpOnly, SameSite=Strict cookie (Secure over https) and by the server only as its SHA-256 with an
/// expiry. Every page looks the session up and then its key (through <see cref="KeyCache"/>), so a
/// revoked key signs its sessions out as soon as the API refuses it.
/// </summary>
internal sealed class WebSessions(ServerDatabase database, KeyCache keys, TimeProvider clock)
{
    public const string CookieName = "gryt_session";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    /// <summary>Signs in with a pasted key: the user, or null with the one-line reason.</summary>
    public async Task<(WebUser? User, string? Error)> SignInAsync(HttpContext context, string? presented)
    {
        if (string.IsNullOrWhiteSpace(presented)) return (null, "paste an API key (gryt_…) to sign in");
        if (await keys.FindAsync(presented, context.RequestAborted) is not { } key) return (null, "the API key is not valid");
        if (key.RevokedAt is not null) return (null, $"the API key {key.KeyId} was revoked at {key.RevokedAt}");

        // The session this sign-in replaces ends now, not at its expiry: its cookie is about to be overwritten.
        if (context.Request.Cookies[CookieName] is { Length: > 0 } previous)
        {
            await WebSessionStore.DeleteAsync(database, Sha256.Of(previous), context.RequestAborted);
        }

        var token = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        await WebSessionStore.CreateAsync(database, Sha256.Of(token), key.KeyId, Timestamps.Format(now), Timestamps.Format(now + Lifetime), context.RequestAborted);
        context.Response.Cookies.Append(CookieName, token, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
        return (User(key), null);
    }

    /// <summary>The signed-in user, or null (no cookie, an unknown or expired session, a revoked key).</summary>
    public async Task<WebUser?> UserAsync(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } token) return null;
        var keyId = await WebSessionStore.KeyOfAsync(database, Sha256.Of(token), Timestamps.Format(clock.GetUtcNow()), context.RequestAborted);
        if (keyId is null || await keys.FindByIdAsync(keyId, context.RequestAborted) is not { RevokedAt: null } key) return null;
        return User(key);
    }

    public async Task SignOutAsync(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is { Length: > 0 } token)
        {
            await WebSessionStore.DeleteAsync(database, Sha256.Of(token), context.RequestAborted);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Strict, Secure = context.Request.IsHttps });
    }

    private static WebUser User(StoredKey key) => new(key.KeyId, key.Project, key.Name, ApiKeys.RoleWord(key.Role));
}
