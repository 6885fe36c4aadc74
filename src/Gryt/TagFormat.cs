using System.Globalization;
using System.Text.RegularExpressions;

namespace Gryt;

/// <summary>
/// How a project names its git tags, the one place tag names are built and read back:
/// <c>[Prefix][VersionPrefix]X.Y.Z[-rc.N]</c>. <see cref="Prefix"/> is a contract's monorepo prefix
/// (<c>api/</c>); <see cref="VersionPrefix"/> comes from config.yaml's <c>tag_format</c>:
/// <c>v{version}</c> (the default, <c>v1.3.0</c>) or <c>{version}</c> (<c>1.3.0</c>, as MinVer with no prefix).
/// </summary>
internal sealed partial record TagFormat(string Prefix, string VersionPrefix)
{
    public const string Placeholder = "{version}";

    /// <summary>config.yaml's <c>tag_format</c> when it is not set.</summary>
    public const string DefaultTemplate = "v" + Placeholder;

    public static TagFormat Default { get; } = new("", "v");

    /// <summary>The <c>tag_format</c> text this format was read from (stored with each generation).</summary>
    public string Template => VersionPrefix + Placeholder;

    /// <summary>The format of a generation with monorepo <paramref name="prefix"/> and stored <paramref name="template"/> (null: the default).</summary>
    public static TagFormat Of(string? prefix, string? template) =>
        new(prefix ?? "", template is null || !TryVersionPrefix(template, out var versionPrefix) ? "v" : versionPrefix);

    /// <summary>
    /// Reads a <c>tag_format</c>: text usable in a tag name, then <c>{version}</c>, nothing after it
    /// (gryt appends <c>-rc.N</c>). Null, with what is wrong, when it is not one.
    /// </summary>
    public static string? Problem(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        if (!template.EndsWith(Placeholder, StringComparison.Ordinal) || template.IndexOf(Placeholder, StringComparison.Ordinal) != template.Length - Placeholder.Length)
        {
            return $"tag_format '{SemanticVersion.Printable(template)}' must end with {Placeholder} and name it once, e.g. \"v{Placeholder}\" or \"{Placeholder}\"";
        }

        return TryVersionPrefix(template, out _) ? null
            : $"tag_format '{SemanticVersion.Printable(template)}' is not usable in a git tag: before {Placeholder} use letters, digits, '.', '_', '-' and '/'";
    }

    /// <summary>The release tag of <paramref name="version"/>: <c>v1.3.0</c>, <c>1.3.0</c>, <c>api/v1.3.0</c>.</summary>
    public string Release(SemanticVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        return Prefix + VersionPrefix + version.ToString()[1..];
    }

    /// <summary>The tag of release candidate <paramref name="rcNumber"/> of <paramref name="version"/>: <c>v1.3.0-rc.2</c>.</summary>
    public string Rc(SemanticVersion version, int rcNumber) => RcPrefix(version) + rcNumber.ToString(CultureInfo.InvariantCulture);

    /// <summary>What every rc tag of <paramref name="version"/> starts with: <c>v1.3.0-rc.</c>.</summary>
    public string RcPrefix(SemanticVersion version) => Release(version) + "-rc.";

    /// <summary>A <c>git tag --list</c> glob that every tag of this format matches (others may too: <see cref="Parse"/> tells).</summary>
    public string Glob => Prefix + VersionPrefix + "*";

    /// <summary>A glob of every rc tag of this format (<c>v*-rc.*</c>), as CI tag filters write it.</summary>
    public string RcGlob => Prefix + VersionPrefix + "*-rc.*";

    /// <summary>
    /// The format, with monorepo <paramref name="prefix"/>, under which <paramref name="tag"/> names <paramref name="version"/>
    /// (rc <paramref name="rc"/>, or the release when null): how a tag found in git was named. Null when it names something else.
    /// </summary>
    public static TagFormat? Naming(string tag, string prefix, SemanticVersion version, int? rc)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(prefix);
        var bare = new TagFormat("", "");
        var tail = rc is { } number ? bare.Rc(version, number) : bare.Release(version);
        if (tag.Length < prefix.Length + tail.Length || !tag.StartsWith(prefix, StringComparison.Ordinal) || !tag.EndsWith(tail, StringComparison.Ordinal)) return null;
        var format = new TagFormat(prefix, tag[prefix.Length..^tail.Length]);
        return Problem(format.Template) is null && format.Parse(tag) == (version, rc) ? format : null;
    }

    /// <summary>
    /// The version and rc number (null for a release tag) that <paramref name="tag"/> names in this
    /// format; null when it is no tag of this format. A version is read with no second <c>v</c>,
    /// so <c>v1.3.0</c> is not a tag of the format <c>{version}</c>.
    /// </summary>
    public (SemanticVersion Version, int? Rc)? Parse(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        var head = Prefix + VersionPrefix;
        if (!tag.StartsWith(head, StringComparison.Ordinal)) return null;
        var rest = tag[head.Length..];
        if (rest.StartsWith('v')) return null;
        var rc = RcSuffix().Match(rest);
        if (rc.Success && int.TryParse(rc.Groups["n"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            && SemanticVersion.TryParse(rest[..rc.Index], out var candidate) && candidate.Build is null)
        {
            return (candidate, number);
        }

        return SemanticVersion.TryParse(rest, out var version) && version.Build is null ? (version, null) : null;
    }

    private static bool TryVersionPrefix(string template, out string versionPrefix)
    {
        versionPrefix = template.EndsWith(Placeholder, StringComparison.Ordinal) ? template[..^Placeholder.Length] : "";
        return template.EndsWith(Placeholder, StringComparison.Ordinal)
            && (versionPrefix.Length == 0 || (PrefixPattern().IsMatch(versionPrefix) && !versionPrefix.Contains("..", StringComparison.Ordinal) && !versionPrefix.Contains("//", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"-rc\.(?<n>[1-9][0-9]{0,8})\z", RegexOptions.CultureInvariant)]
    private static partial Regex RcSuffix();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
