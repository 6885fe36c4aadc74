using System.Globalization;

namespace Gryt;

/// <summary>
/// The one way gryt writes and reads times: UTC ISO-8601 with milliseconds
/// (<c>2026-11-24T08:00:00.000Z</c>), in the database, JSON, payloads and exports alike.
/// </summary>
internal static class Timestamps
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    /// <summary>The pattern written by hand: .NET's custom-format path cost as much as the rest of a listed row.</summary>
    public static string Format(DateTimeOffset at) => string.Create(24, at.UtcDateTime, static (text, t) =>
    {
        Digits(text[..4], t.Year);
        text[4] = '-';
        Digits(text.Slice(5, 2), t.Month);
        text[7] = '-';
        Digits(text.Slice(8, 2), t.Day);
        text[10] = 'T';
        Digits(text.Slice(11, 2), t.Hour);
        text[13] = ':';
        Digits(text.Slice(14, 2), t.Minute);
        text[16] = ':';
        Digits(text.Slice(17, 2), t.Second);
        text[19] = '.';
        Digits(text.Slice(20, 3), t.Millisecond);
        text[23] = 'Z';
    });

    /// <summary>Reads gryt's own format exactly (by hand: cheap on long lists); anything else through the general parser.</summary>
    public static DateTimeOffset Parse(string text) =>
        Exact(text) is { } exact
            ? exact
            : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static DateTimeOffset? Exact(string text)
    {
        if (text.Length != 24 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':' || text[19] != '.' || text[23] != 'Z') return null;
        if (Number(text, 0, 4) is not (>= 1 and var year) || Number(text, 5, 2) is not (>= 1 and <= 12 and var month)
            || Number(text, 8, 2) is not (>= 1 and var day) || day > DateTime.DaysInMonth(year, month)
            || Number(text, 11, 2) is not (< 24 and >= 0 and var hour) || Number(text, 14, 2) is not (< 60 and >= 0 and var minute)
            || Number(text, 17, 2) is not (< 60 and >= 0 and var second) || Number(text, 20, 3) is not (>= 0 and var millisecond))
        {
            return DateTimeOffset.TryParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                ? parsed
                : null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, second, millisecond, TimeSpan.Zero);
    }

    /// <summary>The decimal number of <paramref name="length"/> ASCII digits at <paramref name="start"/>; -1 when one is not a digit.</summary>
    private static int Number(string text, int start, int length)
    {
        var value = 0;
        for (var i = start; i < start + length; i++)
        {
            var digit = text[i] - '0';
            if (digit is < 0 or > 9) return -1;
            value = (value * 10) + digit;
        }

        return value;
    }

    private static void Digits(Span<char> into, int value)
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = (char)('0' + (value % 10));
            value /= 10;
        }
    }
}
