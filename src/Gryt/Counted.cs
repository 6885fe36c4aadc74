using System.Globalization;

namespace Gryt;

/// <summary>A count with its noun in the right number: "1 policy", "2 policies", "0 hotfixes".</summary>
internal static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? singular : plural ?? PluralOf(singular));

    /// <summary>The regular English plural of the nouns gryt counts.</summary>
    public static string PluralOf(string singular)
    {
        ArgumentNullException.ThrowIfNull(singular);
        if (singular.EndsWith('y') && singular.Length > 1 && !"aeiou".Contains(singular[^2], StringComparison.Ordinal)) return singular[..^1] + "ies";
        if (singular.EndsWith('s') || singular.EndsWith('x') || singular.EndsWith("ch", StringComparison.Ordinal) || singular.EndsWith("sh", StringComparison.Ordinal)) return singular + "es";
        return singular + "s";
    }
}
