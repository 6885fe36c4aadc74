using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;

namespace Gryt.Evidence.Locks;

/// <summary>Loading lock files: JSON and TOML syntax errors become one <see cref="InvalidFileException"/> at file:line:column.</summary>
internal static class LockText
{
    public static JsonDocument Json(string path, string shown)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidFileException(shown, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1,
                "not valid JSON: " + FirstSentence(e.Message));
        }
    }

    public static TomlTable Toml(string path, string shown)
    {
        try
        {
            return TomlSerializer.Deserialize(File.ReadAllText(path), LockTomlContext.Default.TomlTable)
                ?? throw new InvalidFileException(shown, 1, 1, "empty TOML document");
        }
        catch (TomlException e)
        {
            var message = e.Diagnostics is { Count: > 0 } d ? d[0].Message : e.Message;
            throw new InvalidFileException(shown, Math.Max(1, e.Line ?? 1), Math.Max(1, e.Column ?? 1), "not valid TOML: " + FirstSentence(message));
        }
    }

    /// <summary>A base64 digest (npm's integrity, NuGet's sha512) as lower-case hex; null when it is not base64.</summary>
    public static string? Hex(string base64)
    {
        try
        {
            return Convert.ToHexStringLower(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static string? String(TomlTable table, string key) => table.TryGetValue(key, out var value) ? value as string : null;

    public static IEnumerable<TomlTable> Tables(TomlTable table, string key) => table.TryGetValue(key, out var value) switch
    {
        false => [],
        _ => value switch
        {
            TomlTableArray array => array,
            TomlArray list => list.OfType<TomlTable>(),
            TomlTable single => [single],
            _ => [],
        },
    };

    private static string FirstSentence(string message) => message.ReplaceLineEndings(" ").Split(". ")[0].TrimEnd('.');
}

/// <summary>Tomlyn's source-generated reader of the untyped model (no reflection: gryt is trimmed).</summary>
[Tomlyn.Serialization.TomlSerializable(typeof(TomlTable))]
internal sealed partial class LockTomlContext : Tomlyn.Serialization.TomlSerializerContext;
