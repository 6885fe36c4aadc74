using System.Text.Json;
using System.Text.Json.Serialization;

namespace Gryt.Sync;

/// <summary>A key saved by <c>gryt sync login</c> for one server, with what the server said it is.</summary>
internal sealed record SavedKey(string Key, string? Project, string? Role, string? Name, string? SavedAt);

internal sealed record CredentialsFile(Dictionary<string, SavedKey> Servers);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CredentialsFile))]
internal sealed partial class CredentialsJsonContext : JsonSerializerContext;

/// <summary>
/// Where sync keys live: the user's config folder (<c>$XDG_CONFIG_HOME/gryt/credentials.json</c>,
/// else <c>~/.config/gryt/credentials.json</c>), mode 0600, keyed by server URL; never under
/// <c>.gryt/</c>, which is committed. <c>GRYT_TOKEN</c> overrides the file (CI).
/// </summary>
internal sealed class Credentials(Func<string, string?> variable)
{
    public const string TokenVariable = "GRYT_TOKEN";

    public string FilePath => Path.Combine(UserFolder(variable), "credentials.json");

    /// <summary>gryt's folder in the user's config folder (<c>$XDG_CONFIG_HOME/gryt</c>, else <c>~/.config/gryt</c>): sync keys, signing keys.</summary>
    public static string UserFolder(Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        var folder = variable("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg
            : variable("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config")
            : throw new GrytEnvironmentException("cannot find the user's config folder: neither XDG_CONFIG_HOME nor HOME is set");
        return Path.Combine(folder, "gryt");
    }

    /// <summary>The key for <paramref name="server"/>: GRYT_TOKEN, else the saved one, else null.</summary>
    public string? KeyFor(string server) =>
        variable(TokenVariable) is { Length: > 0 } token ? token.Trim() : Read().Servers.GetValueOrDefault(server)?.Key;

    /// <summary>Whether the key in use comes from GRYT_TOKEN.</summary>
    public bool FromEnvironment => variable(TokenVariable) is { Length: > 0 };

    public void Save(string server, SavedKey key)
    {
        var file = Read();
        file.Servers[server] = key;
        var path = FilePath;
        var folder = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(folder);
        else Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var temporary = path + ".tmp";
        try
        {
            // Created 0600 from the start: the key is never readable by others, not even for a moment.
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            using (var stream = new FileStream(temporary, options))
            {
                JsonSerializer.Serialize(stream, file, CredentialsJsonContext.Default.CredentialsFile);
            }

            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new GrytEnvironmentException($"cannot save the key in {path}: {ex.Message}", inner: ex);
        }
    }

    private CredentialsFile Read()
    {
        var path = FilePath;
        if (!File.Exists(path)) return new CredentialsFile(new Dictionary<string, SavedKey>(StringComparer.Ordinal));
        try
        {
            using var stream = File.OpenRead(path);
            var file = JsonSerializer.Deserialize(stream, CredentialsJsonContext.Default.CredentialsFile);
            return new CredentialsFile(new Dictionary<string, SavedKey>(file?.Servers ?? [], StringComparer.Ordinal));
        }
        catch (JsonException ex)
        {
            throw new GrytEnvironmentException($"{path} is not a gryt credentials file: {ex.Message}", "remove it and log in again: gryt sync login", ex);
        }
    }
}
