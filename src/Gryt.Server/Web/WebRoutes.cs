using Gryt.Server.Storage;
using Gryt.Server.Web.Components;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Gryt.Server.Web;

/// <summary>
/// The web dashboard (docs/web-dashboard.md): sign-in, the five views and the run fragment, each a
/// Razor component rendered on the server (static HTML, no circuit). Pages of another project than
/// the signed-in key's answer 404, as if they did not exist.
/// </summary>
internal static class WebRoutes
{
    public static void Map(WebApplication app)
    {
        var sessions = app.Services.GetRequiredService<WebSessions>();
        var model = app.Services.GetRequiredService<ReadModel>();
        WebAssets.Map(app);

        app.MapGet("/login", async (HttpContext context) =>
        {
            Secure(context);
            var returnTo = Links.LocalOrRoot(context.Request.Query["return"]);
            if (await sessions.UserAsync(context) is not null) return Results.Redirect(returnTo);
            return Component<LoginPage>(new() { ["ReturnTo"] = returnTo });
        }).ExcludeFromDescription();

        app.MapPost("/login", async (HttpContext context) =>
        {
            if (CrossSite(context) is { } refused) return refused;
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var returnTo = Links.LocalOrRoot(form["return"]);
            var (user, error) = await sessions.SignInAsync(context, form["key"]);
            if (user is null) return Component<LoginPage>(new() { ["Error"] = error, ["ReturnTo"] = returnTo }, StatusCodes.Status401Unauthorized);
            return Results.Redirect(returnTo);
        }).DisableAntiforgery().ExcludeFromDescription();

        app.MapPost("/logout", async (HttpContext context) =>
        {
            if (CrossSite(context) is { } refused) return refused;
            await sessions.SignOutAsync(context);
            return Results.Redirect("/login");
        }).DisableAntiforgery().ExcludeFromDescription();

        Page(app, "/", async (context, user) =>
            Component<PortfolioPage>(new() { ["Page"] = new PageContext(user, user.Project), ["Model"] = await model.PortfolioAsync(user.Project, context.RequestAborted) }));

        Page(app, "/p/{project}/g/{version}", async (context, user) =>
        {
            var text = (string)context.Request.RouteValues["version"]!;
            var view = SemanticVersion.TryParse(text, out var version) ? await model.ContractAsync(user.Project, version.ToString(), context.RequestAborted) : null;
            return view is null
                ? NotFound(user, $"There is no generation {text} in project {user.Project} on this server.")
                : Component<ContractPage>(new() { ["Page"] = new PageContext(user, user.Project), ["Model"] = view });
        });

        Page(app, "/p/{project}/e/{tag}", async (context, user) =>
        {
            var tag = (string)context.Request.RouteValues["tag"]!;
            return await model.EvolutionAsync(user.Project, tag, context.RequestAborted) is { } view
                ? Component<EvolutionPage>(new() { ["Page"] = new PageContext(user, user.Project), ["Model"] = view })
                : NotFound(user, $"There is no evolution {tag} in project {user.Project} on this server.");
        });

        Page(app, "/p/{project}/e/{tag}/steps", async (context, user) =>
        {
            var tag = (string)context.Request.RouteValues["tag"]!;
            return await model.EvolutionAsync(user.Project, tag, context.RequestAborted) is { } view
                ? Component<RunSection>(new() { ["Model"] = view })
                : Results.NotFound();
        });

        Page(app, "/p/{project}/audit", async (context, user) =>
            Component<AuditPage>(new() { ["Page"] = new PageContext(user, user.Project), ["Model"] = await model.AuditAsync(user.Project, context.Request.Query["verify"] == "all", context.RequestAborted) }));

        Page(app, "/p/{project}/sync", async (context, user) =>
            Component<SyncPage>(new() { ["Page"] = new PageContext(user, user.Project), ["Model"] = await model.SyncAsync(user.Project, context.RequestAborted) }));
    }

    /// <summary>A page for a signed-in user: signed out → the sign-in page (coming back here after); another project → 404.</summary>
    private static void Page(WebApplication app, string pattern, Func<HttpContext, WebUser, Task<IResult>> render)
    {
        var sessions = app.Services.GetRequiredService<WebSessions>();
        app.MapGet(pattern, async (HttpContext context) =>
        {
            Secure(context);
            if (await sessions.UserAsync(context) is not { } user)
            {
                return SignedOut(context);
            }

            if (context.Request.RouteValues.TryGetValue("project", out var project) && !string.Equals(project as string, user.Project, StringComparison.Ordinal))
            {
                return NotFound(user, "There is no such page for this key.");
            }

            return await render(context, user);
        }).ExcludeFromDescription();
    }

    /// <summary>
    /// Signed out: a page redirects to the sign-in page. An htmx request (a polled fragment whose
    /// session ended) gets 401 with <c>HX-Redirect</c> instead, so the whole page goes to the sign-in
    /// page rather than the sign-in form being swapped into the fragment's place.
    /// </summary>
    private static IResult SignedOut(HttpContext context)
    {
        var here = context.Request.Path + context.Request.QueryString;
        if (context.Request.Headers["HX-Request"] != "true") return Results.Redirect("/login?return=" + Uri.EscapeDataString(here));
        var page = Uri.TryCreate(context.Request.Headers["HX-Current-URL"], UriKind.Absolute, out var current) ? current.PathAndQuery : here;
        context.Response.Headers["HX-Redirect"] = "/login?return=" + Uri.EscapeDataString(Links.LocalOrRoot(page));
        return Results.StatusCode(StatusCodes.Status401Unauthorized);
    }

    /// <summary>
    /// Sign-in and sign-out are POSTs whose Origin (or, without it, Sec-Fetch-Site) must be this site:
    /// another site's form cannot sign a browser in or out. A POST with neither is refused too: every
    /// browser the dashboard supports sends Origin on a POST, so such a request comes from an old
    /// browser or a script, and scripts use the API with the key as a Bearer header, never a cookie.
    /// The session cookie is SameSite=Strict, so no other site's request carries it at all.
    /// </summary>
    private static RazorComponentResult<MessagePage>? CrossSite(HttpContext context)
    {
        Secure(context);
        var origin = context.Request.Headers.Origin.ToString();
        var site = context.Request.Headers["Sec-Fetch-Site"].ToString();
        var own = $"{context.Request.Scheme}://{context.Request.Host}";
        var sameSite = origin.Length > 0
            ? string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            : site is "same-origin" or "none";
        return sameSite
            ? null
            : Component<MessagePage>(new()
            {
                ["Page"] = new PageContext(null, null),
                ["Title"] = "Refused",
                ["Message"] = origin.Length > 0 || site.Length > 0
                    ? "A sign-in or sign-out from another site is refused."
                    : "A sign-in or sign-out must come from this site's page: the request named no Origin. Scripts use the API with the key as a Bearer header.",
            }, StatusCodes.Status403Forbidden);
    }

    private static RazorComponentResult<MessagePage> NotFound(WebUser user, string message) =>
        Component<MessagePage>(new() { ["Page"] = new PageContext(user, user.Project), ["Title"] = "Not found", ["Message"] = message }, StatusCodes.Status404NotFound);

    private static RazorComponentResult<T> Component<T>(Dictionary<string, object?> parameters, int status = StatusCodes.Status200OK) where T : Microsoft.AspNetCore.Components.IComponent =>
        new RazorComponentResult<T>(parameters) { StatusCode = status };

    /// <summary>Pages run no inline script and load nothing from elsewhere; a hostile title that slipped through encoding still could not run.</summary>
    private static void Secure(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
    }
}
