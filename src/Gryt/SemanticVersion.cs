using System.Text.RegularExpressions;

namespace Gryt;

/// <summary>
/// A generation's version: SemVer 2.0 with a leading <c>v</c>. Input without the <c>v</c> is
/// accepted and normalised, so <c>2.1.0</c> and <c>v2.1.0</c> name the same generation.
/// </summary>
public sealed partial record SemanticVersion : IComparable<SemanticVersion>
{
    private SemanticVersion(int major, int minor, int patch, string? preRelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        Build = build;
    }

    public int Major { get; }
    public int Minor { get; }
    public int Patch { get; }
    public string? PreRelease { get; }
    public string? Build { get; }

    /// <summary>The canonical text, always with a leading <c>v</c>.</summary>
    public override string ToString() =>
        $"v{Major}.{Minor}.{Patch}" + (PreRelease is null ? "" : "-" + PreRelease) + (Build is null ? "" : "+" + Build);

    /// <summary>
    /// A text whose ordinal order is SemVer precedence, so the database can sort versions: numbers
    /// zero-padded, numeric pre-release identifiers before alphanumeric ones, fewer identifiers
    /// first, and a release after all its pre-releases. Build metadata does not count.
    /// </summary>
    public string SortKey => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Major:D10}.{Minor:D10}.{Patch:D10}") +
        (PreRelease is null
            ? "~"
            : "-" + string.Join(' ', PreRelease.Split('.').Select(NumericKey)));

    // Up to 20 digits as stored since the first release; a longer number sorts after them ('~' > '9') by its length.
    private static string NumericKey(string id) =>
        !id.All(char.IsAsciiDigit) ? "1" + id
        : id.Length <= 20 ? "0" + id.PadLeft(20, '0')
        : "0~" + id.Length.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + id;

    public static bool TryParse(string? text, out SemanticVersion version)
    {
        version = null!;
        if (text is null) return false;
        var match = SemVerPattern().Match(text);
        if (!match.Success) return false;
        if (!int.TryParse(match.Groups["major"].Value, out var major)
            || !int.TryParse(match.Groups["minor"].Value, out var minor)
            || !int.TryParse(match.Groups["patch"].Value, out var patch))
        {
            return false;
        }

        var pre = match.Groups["pre"].Success ? match.Groups["pre"].Value : null;
        var build = match.Groups["build"].Success ? match.Groups["build"].Value : null;
        version = new SemanticVersion(major, minor, patch, pre, build);
        return true;
    }

    /// <summary>Parses a version the user typed, or throws a one-line <see cref="InvalidInputException"/>.</summary>
    public static SemanticVersion Parse(string text)
    {
        if (TryParse(text, out var version)) return version;
        throw new InvalidInputException(
            $"'{Printable(text)}' is not a semantic version",
            "use MAJOR.MINOR.PATCH with an optional leading v, e.g. v2.1.0 or v2.1.0-beta.1");
    }

    public int CompareTo(SemanticVersion? other)
    {
        if (other is null) return 1;
        var c = Major.CompareTo(other.Major);
        if (c != 0) return c;
        c = Minor.CompareTo(other.Minor);
        if (c != 0) return c;
        c = Patch.CompareTo(other.Patch);
        if (c != 0) return c;
        if (PreRelease == other.PreRelease) return 0;
        if (PreRelease is null) return 1;
        if (other.PreRelease is null) return -1;
        return ComparePreRelease(PreRelease, other.PreRelease);
    }

    public static bool operator <(SemanticVersion? left, SemanticVersion? right) => Compare(left, right) < 0;
    public static bool operator <=(SemanticVersion? left, SemanticVersion? right) => Compare(left, right) <= 0;
    public static bool operator >(SemanticVersion? left, SemanticVersion? right) => Compare(left, right) > 0;
    public static bool operator >=(SemanticVersion? left, SemanticVersion? right) => Compare(left, right) >= 0;

    private static int Compare(SemanticVersion? left, SemanticVersion? right) =>
        left is null ? (right is null ? 0 : -1) : left.CompareTo(right);

    private static int ComparePreRelease(string a, string b)
    {
        var left = a.Split('.');
        var right = b.Split('.');
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            // Numeric identifiers have no leading zeros and may pass any integer type: longer is larger.
            var leftNumeric = left[i].All(char.IsAsciiDigit);
            var rightNumeric = right[i].All(char.IsAsciiDigit);
            var c = (leftNumeric, rightNumeric) switch
            {
                (true, true) => left[i].Length != right[i].Length ? left[i].Length.CompareTo(right[i].Length) : string.CompareOrdinal(left[i], right[i]),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (c != 0) return c;
        }

        return left.Length.CompareTo(right.Length);
    }

    /// <summary>Keeps hostile input readable in one error line.</summary>
    internal static string Printable(string text)
    {
        var shown = text.Length > 80 ? text[..80] + "…" : text;
        return DisplayText.Sanitized(shown, '?');
    }

    // https://semver.org grammar, with an optional leading v. \z, not $: $ also matches before a final line break.
    [GeneratedRegex(@"^v?(?<major>0|[1-9]\d{0,8})\.(?<minor>0|[1-9]\d{0,8})\.(?<patch>0|[1-9]\d{0,8})(?:-(?<pre>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?\z", RegexOptions.CultureInvariant)]
    private static partial Regex SemVerPattern();
}
