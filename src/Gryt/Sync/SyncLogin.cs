using Gryt.Project;

namespace Gryt.Sync;

/// <summary>Who a key is, as the server said, and where it was saved (null: it came from GRYT_TOKEN).</summary>
internal sealed record LoginResult(string Server, string Project, string Role, string Name, string KeyId, string? SavedIn);

/// <summary><c>gryt sync login</c>: a key from stdin (or GRYT_TOKEN) checked with the server, then kept for that server.</summary>
internal static class SyncLogin
{
    private static readonly System.Buffers.SearchValues<char> Hex = System.Buffers.SearchValues.Create("0123456789abcdef");
    private static readonly System.Buffers.SearchValues<char> Base64Url =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_");

    public static async Task<LoginResult> RunAsync(GrytProject project, Func<string, string?> variable, TextReader input, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(input);
        var settings = ProjectConfig.Load(project).Sync;
        if (settings.Server is null)
        {
            throw new InvalidInputException("no sync server is configured", "set one first: gryt sync config --mode hybrid --server URL");
        }

        var credentials = new Credentials(variable);
        var fromEnvironment = credentials.FromEnvironment;
        var key = fromEnvironment ? variable(Credentials.TokenVariable)!.Trim() : (await input.ReadLineAsync(cancellationToken))?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            throw new InvalidInputException("no key given: gryt sync login reads it from stdin", "e.g. echo \"$KEY\" | gryt sync login (or set GRYT_TOKEN)");
        }

        if (!IsKeyShaped(key))
        {
            throw new InvalidInputException("that is not a gryt-server key (gryt_<key id>_<secret>)", "copy the key printed by: gryt-server keys create");
        }

        using var client = new SyncClient(settings.Server, settings.Project ?? "-", key);
        var who = await client.WhoAmIAsync(cancellationToken);
        if (settings.Project is { } name && name != who.Project)
        {
            throw new GrytEnvironmentException($"the key belongs to project {who.Project}, but this repository syncs project {name}",
                "use a key of that project, or change it: gryt sync config --project " + who.Project);
        }

        string? savedIn = null;
        if (!fromEnvironment)
        {
            credentials.Save(settings.Server, new SavedKey(key, who.Project, who.Role, who.Name, Timestamps.Format(clock.GetUtcNow())));
            savedIn = credentials.FilePath;
        }

        return new LoginResult(settings.Server, who.Project, who.Role, who.Name, who.KeyId, savedIn);
    }

    /// <summary><c>gryt_</c>, a key id of 12 lower-case hex digits, <c>_</c>, a base64url secret.</summary>
    public static bool IsKeyShaped(string key) =>
        key.Length > 18 && key.StartsWith("gryt_", StringComparison.Ordinal) && key[17] == '_'
        && !key.AsSpan(5, 12).ContainsAnyExcept(Hex)
        && !key.AsSpan(18).ContainsAnyExcept(Base64Url);
}
