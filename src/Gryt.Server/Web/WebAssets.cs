namespace Gryt.Server.Web;

/// <summary>
/// The dashboard's two static files, embedded in gryt-server (nothing to find on disk, no CDN): its
/// stylesheet and htmx from the npm package htmx.org, vendored at a pinned version with its licence.
/// </summary>
internal static class WebAssets
{
    public const string HtmxVersion = "4.0.1";
    public const string CssPath = "/static/dashboard.css";
    public const string HtmxPath = "/static/htmx-" + HtmxVersion + "/htmx.min.js";

    private static readonly Dictionary<string, (string Resource, string ContentType)> Files = new(StringComparer.Ordinal)
    {
        ["dashboard.css"] = ("Gryt.Server.Web.Assets.dashboard.css", "text/css; charset=utf-8"),
        [$"htmx-{HtmxVersion}/htmx.min.js"] = ($"Gryt.Server.Web.Assets.htmx-{HtmxVersion}/htmx.min.js", "text/javascript; charset=utf-8"),
        [$"htmx-{HtmxVersion}/LICENSE"] = ($"Gryt.Server.Web.Assets.htmx-{HtmxVersion}/LICENSE", "text/plain; charset=utf-8"),
    };

    public static void Map(WebApplication app) =>
        app.MapGet("/static/{**path}", (string path, HttpContext context) =>
        {
            if (!Files.TryGetValue(path, out var file)) return Results.NotFound();
            var stream = typeof(WebAssets).Assembly.GetManifestResourceStream(file.Resource)!;
            // The paths carry the version (htmx) or change only with gryt-server: a day's cache is safe.
            context.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.Stream(stream, file.ContentType);
        }).ExcludeFromDescription();
}
