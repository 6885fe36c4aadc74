using System.Text.Json;
using Tomlyn;
using Tomlyn.Model;
using Tomlyn.Serialization;

namespace Gryt.Evidence.Locks;

/// <summary>Loading lock files: JSON and TOML syntax errors become one <see cref="InvalidFileException"/> at file:line:column.</summary>
internal static partial class LockText
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
            // The parser's own exception is inside the converter's; it has the exact position.
            var inner = e;
            while (inner.InnerException is TomlException deeper) inner = deeper;
            var message = inner.Diagnostics is { Count: > 0 } d ? d[0].Message : inner.Message;
            message = PositionPrefix().Replace(message.Trim(), "");
            throw new InvalidFileException(shown, Math.Max(1, inner.Line ?? e.Line ?? 1), Math.Max(1, inner.Column ?? e.Column ?? 1), "not valid TOML: " + FirstSentence(message));
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

    [System.Text.RegularExpressions.GeneratedRegex(@"^\(\d+,\d+\)\s*:\s*error\s*:\s*")]
    private static partial System.Text.RegularExpressions.Regex PositionPrefix();

    private static string FirstSentence(string message) => message.ReplaceLineEndings(" ").Split(". ")[0].TrimEnd('.');
}

/// <summary>Tomlyn's reader of its untyped model through its built-in converter: no reflection (gryt is
/// trimmed and AOT-compiled) and no source generator to run (the layer test compiles the library without it).</summary>
internal sealed class LockTomlContext : TomlSerializerContext
{
    public static LockTomlContext Default { get; } = new();

    public TomlTypeInfo<TomlTable> TomlTable => GetBuiltInTypeInfo<TomlTable>(Options);

    public override TomlTypeInfo? GetTypeInfo(Type type, TomlSerializerOptions options) =>
        type == typeof(TomlTable) ? GetBuiltInTypeInfo<TomlTable>(options) : null;
}
