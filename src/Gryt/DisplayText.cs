namespace Gryt;

/// <summary>
/// Which characters a one-line text that gryt prints (titles, descriptions, labels) may not hold:
/// control characters, which could carry terminal escape sequences, and the Unicode bidirectional
/// controls, which make a terminal or review tool show text in another order than it is stored
/// ("Trojan Source", CVE-2021-42574).
/// </summary>
internal static class DisplayText
{
    public static bool IsBidiControl(char ch) =>
        ch is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    public static bool IsUnsafe(char ch) => char.IsControl(ch) || IsBidiControl(ch) || ch is '\u2028' or '\u2029';

    /// <summary><paramref name="text"/> with each unsafe character replaced by <paramref name="replacement"/>; the same string when it has none.</summary>
    public static string Sanitized(string text, char replacement) =>
        text.Any(IsUnsafe) ? string.Concat(text.Select(ch => IsUnsafe(ch) ? replacement : ch)) : text;

    /// <summary>The first unsafe character of <paramref name="text"/>, as U+XXXX, or null.</summary>
    public static string? FirstUnsafe(string text, bool allowLineBreaks = false)
    {
        foreach (var ch in text)
        {
            if (allowLineBreaks && ch is '\n' or '\r' or '\t') continue;
            if (IsUnsafe(ch)) return $"U+{(int)ch:X4}";
        }

        return null;
    }
}
