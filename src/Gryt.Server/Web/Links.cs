namespace Gryt.Server.Web;

/// <summary>The dashboard's routes, built in one place (the browser tests of docs/web-dashboard.md rely on them).</summary>
internal static class Links
{
    public static string Generation(string project, string version) => $"/p/{E(project)}/g/{E(version)}";

    public static string Evolution(string project, string tag) => $"/p/{E(project)}/e/{E(tag)}";

    public static string Steps(string project, string tag) => Evolution(project, tag) + "/steps";

    public static string Audit(string project) => $"/p/{E(project)}/audit";

    public static string Sync(string project) => $"/p/{E(project)}/sync";

    /// <summary>
    /// A sign-in's return path when it is a path of this site (never another host: no open redirect).
    /// No control characters either: browsers drop a tab or newline from a URL, so <c>/&lt;tab&gt;/evil.example</c>
    /// would be followed as <c>//evil.example</c>.
    /// </summary>
    public static string LocalOrRoot(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && (p.Length == 1 || p[1] is not ('/' or '\\')) && !p.Any(char.IsControl) ? p : "/";

    /// <summary>A pushed URL (a run's CI job) when it is http(s); a <c>javascript:</c> or other URL is not linked.</summary>
    public static string? Http(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    public static string ShortSha(string? sha) => sha is null ? "" : sha.Length > 12 ? sha[..12] : sha;

    /// <summary>A duration in milliseconds as people read it: 850 ms, 12.4 s, 3 min 05 s.</summary>
    public static string Duration(long? ms) => ms switch
    {
        null => "",
        < 1000 => $"{ms} ms",
        < 60_000 => (ms.Value / 1000.0).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " s",
        _ => $"{ms.Value / 60_000} min {ms.Value / 1000 % 60:00} s",
    };

    private static string E(string segment) => Uri.EscapeDataString(segment);
}
