namespace Gryt.Project;

/// <summary>How a project talks to a gryt-server (docs/sync.md, "Modes").</summary>
internal enum SyncMode
{
    /// <summary>Never talks to a server.</summary>
    Local,

    /// <summary>Works offline; push and pull on demand; RC numbers from the server while it answers.</summary>
    Hybrid,

    /// <summary>Every write goes to the server at once.</summary>
    Cloud,
}

/// <summary>The <c>sync:</c> section of <c>.gryt/config.yaml</c>: no secrets, those live in the user's config folder.</summary>
internal sealed record SyncSettings(SyncMode Mode, string? Server, string? Project)
{
    public static SyncSettings Default { get; } = new(SyncMode.Local, null, null);

    public static string Word(SyncMode mode) => mode switch
    {
        SyncMode.Hybrid => "hybrid",
        SyncMode.Cloud => "cloud",
        _ => "local",
    };

    public static bool TryParseMode(string? word, out SyncMode mode)
    {
        switch (word)
        {
            case "local": mode = SyncMode.Local; return true;
            case "hybrid": mode = SyncMode.Hybrid; return true;
            case "cloud": mode = SyncMode.Cloud; return true;
            default: mode = SyncMode.Local; return false;
        }
    }

    /// <summary>A server URL as stored: absolute http or https, no query, no trailing slash; null when it is not one.</summary>
    public static string? NormalizeServer(string text)
    {
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        return uri.GetLeftPart(UriPartial.Path).TrimEnd('/');
    }

    /// <summary>A project name the server accepts in a route: letters, digits, '.', '_' and '-'.</summary>
    public static bool IsProjectName(string text) =>
        text.Length is > 0 and <= 100 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') && text[0] != '.';
}
