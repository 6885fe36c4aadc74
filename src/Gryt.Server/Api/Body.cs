using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Gryt.Server.Api;

/// <summary>Reads a request body with the source-generated wire context; malformed JSON is a 400 with the parser's one-line message.</summary>
internal static class Body
{
    public static async Task<T> ReadAsync<T>(HttpContext context, JsonTypeInfo<T> type)
    {
        T? value;
        try
        {
            value = await JsonSerializer.DeserializeAsync(context.Request.Body, type, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            throw ApiException.BadJson($"malformed JSON: {ex.Message.Split('\n')[0]}");
        }
        catch (InvalidOperationException ex)
        {
            throw ApiException.BadJson($"malformed JSON: {ex.Message.Split('\n')[0]}");
        }

        return value ?? throw ApiException.BadJson("malformed JSON: the body is null, not an object");
    }

    /// <summary>A page size: <paramref name="fallback"/> when absent, 1 to <paramref name="max"/> otherwise.</summary>
    public static int Limit(HttpContext context, int fallback, int max)
    {
        var text = context.Request.Query["limit"].ToString();
        if (text.Length == 0) return fallback;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var limit) || limit < 1 || limit > max)
        {
            throw ApiException.Invalid($"limit must be a whole number from 1 to {max}, not '{text}'");
        }

        return limit;
    }

    public static long Since(HttpContext context)
    {
        var text = context.Request.Query["since"].ToString();
        if (text.Length == 0) return 0;
        if (!long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var since))
        {
            throw ApiException.Invalid($"since must be a sequence number (0 or more), not '{text}'");
        }

        return since;
    }
}
