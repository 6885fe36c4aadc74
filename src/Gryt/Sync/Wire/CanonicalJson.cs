using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Gryt.Sync.Wire;

/// <summary>
/// The canonical JSON form of a record's content, and its SHA-256: what a record's <c>sha256</c>
/// is of (docs/sync.md). Properties sorted by ordinal name, no whitespace, integral numbers as
/// integers, strings escaped only where JSON requires. Written by hand on purpose: an encoder's
/// escaping rules may change between runtime versions, and the hash must not.
/// </summary>
internal static class CanonicalJson
{
    private const int MaxDepth = 64;

    public static string Serialize(JsonElement element)
    {
        var text = new StringBuilder();
        Write(text, element, 0);
        return text.ToString();
    }

    /// <summary>The canonical form of a JSON text; <see cref="JsonException"/> when it is not JSON.</summary>
    public static string Serialize(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = MaxDepth });
        return Serialize(document.RootElement);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of the canonical form.</summary>
    public static string Hash(JsonElement element) => HashOf(Serialize(element));

    /// <summary>Lower-case hex SHA-256 of a canonical form already written by <see cref="Serialize(JsonElement)"/>.</summary>
    public static string HashOf(string canonical) => Sha256.Of(canonical);

    private static void Write(StringBuilder text, JsonElement element, int depth)
    {
        if (depth > MaxDepth) throw new JsonException($"JSON nested deeper than {MaxDepth} levels");
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var properties = new List<JsonProperty>();
                foreach (var property in element.EnumerateObject()) properties.Add(property);
                properties.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < properties.Count; i++)
                {
                    if (i > 0)
                    {
                        if (properties[i].Name == properties[i - 1].Name)
                        {
                            throw new JsonException($"property '{properties[i].Name}' appears twice");
                        }

                        text.Append(',');
                    }

                    WriteString(text, properties[i].Name);
                    text.Append(':');
                    Write(text, properties[i].Value, depth + 1);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in element.EnumerateArray())
                {
                    if (!first) text.Append(',');
                    first = false;
                    Write(text, item, depth + 1);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                WriteNumber(text, element.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            default:
                text.Append("null");
                break;
        }
    }

    private static void WriteNumber(StringBuilder text, string raw)
    {
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact))
        {
            if (exact == decimal.Truncate(exact))
            {
                text.Append(decimal.Truncate(exact).ToString("0", CultureInfo.InvariantCulture));
                return;
            }

            // Normalised: trailing zeros of the fraction do not change the hash (1.50 is 1.5).
            text.Append((exact / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture));
            return;
        }

        // Outside decimal's range: the shortest text that reads back as the same double.
        var value = double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (!double.IsFinite(value)) throw new JsonException($"number {raw} is out of range");
        text.Append(value.ToString("R", CultureInfo.InvariantCulture));
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (c < 0x20) text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }

        text.Append('"');
    }
}
