using System.Globalization;

namespace Gryt;

/// <summary>
/// The one way gryt writes and reads times: UTC ISO-8601 with milliseconds
/// (<c>2026-11-24T08:00:00.000Z</c>), in the database, JSON, payloads and exports alike.
/// </summary>
internal static class Timestamps
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Reads gryt's own format exactly (cheap on long lists); anything else through the general parser.</summary>
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var exact)
            ? exact
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
