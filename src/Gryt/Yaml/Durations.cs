using System.Globalization;
using System.Text.RegularExpressions;

namespace Gryt.Yaml;

/// <summary>Durations as pipeline files write them: <c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>1h</c>, <c>1h30m</c>.</summary>
internal static partial class Durations
{
    /// <summary>
    /// The longest timeout gryt accepts. The runner waits with .NET timers, which cannot wait
    /// longer than about 49 days (2³² ms); 1000 hours stays well below that.
    /// </summary>
    public static readonly TimeSpan Max = TimeSpan.FromHours(1000);

    public static bool TryParse(string text, out TimeSpan duration) => Check(text, out duration) is null;

    /// <summary>Null when <paramref name="text"/> is a duration from 1 tick up to <see cref="Max"/>, else why not.</summary>
    internal static string? Check(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text)) return NotADuration;
        var trimmed = text.Trim();
        var matches = Part().Matches(trimmed);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)) != trimmed) return NotADuration;

        // Summed in milliseconds as a double: any number of digits stays finite or becomes
        // infinity, and is compared with Max before a TimeSpan (which would overflow) is made.
        var milliseconds = 0.0;
        foreach (Match match in matches)
        {
            var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            milliseconds += value * match.Groups[2].Value switch
            {
                "ms" => 1,
                "s" => 1_000,
                "m" => 60_000,
                _ => 3_600_000,
            };
        }

        return FromMilliseconds(milliseconds, out duration);
    }

    /// <summary>Like <see cref="Check(string?, out TimeSpan)"/> for a number of seconds.</summary>
    internal static string? CheckSeconds(double seconds, out TimeSpan duration) =>
        FromMilliseconds(seconds * 1000, out duration);

    private static string? FromMilliseconds(double milliseconds, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (double.IsNaN(milliseconds)) return NotADuration;
        if (milliseconds > Max.TotalMilliseconds) return TooLong;
        if (milliseconds <= 0) return TooShort;
        duration = TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond));
        return duration > TimeSpan.Zero ? null : TooShort;
    }

    internal const string NotADuration = "must be a duration such as 500ms, 30s, 10m or 1h";

    private const string TooShort = "must be longer than zero";

    private const string TooLong = "is longer than the longest timeout gryt can wait (1000h)";

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ms|s|m|h)")]
    private static partial Regex Part();
}
