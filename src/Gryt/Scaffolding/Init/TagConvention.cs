using Gryt.Git;

namespace Gryt.Scaffolding.Init;

/// <summary>
/// How a project's existing version tags are named: <c>v1.2.0</c> or <c>1.2.0</c> (MinVer with no
/// prefix, many npm and Go projects). <see cref="Template"/> is the <c>tag_format</c> that fits.
/// </summary>
internal sealed record TagConvention(string Template, int Prefixed, int Unprefixed, string Example)
{
    /// <summary>The project tags versions without the <c>v</c>, so gryt should too.</summary>
    public bool IsUnprefixed => Template != TagFormat.DefaultTemplate;

    /// <summary>The convention of the version tags in <paramref name="git"/> (one <c>git tag --list</c>); null when it has none.</summary>
    public static TagConvention? Detect(GitClient git)
    {
        ArgumentNullException.ThrowIfNull(git);
        var bare = TagFormat.Of("", TagFormat.Placeholder);
        string? prefixedExample = null;
        string? unprefixedExample = null;
        int prefixed = 0, unprefixed = 0;
        foreach (var tag in git.ListTags("*"))
        {
            if (TagFormat.Default.Parse(tag) is not null)
            {
                prefixed++;
                prefixedExample ??= tag;
            }
            else if (bare.Parse(tag) is not null)
            {
                unprefixed++;
                unprefixedExample ??= tag;
            }
        }

        if (prefixed + unprefixed == 0) return null;
        // The majority wins; a tie keeps gryt's default.
        return unprefixed > prefixed
            ? new TagConvention(TagFormat.Placeholder, prefixed, unprefixed, unprefixedExample!)
            : new TagConvention(TagFormat.DefaultTemplate, prefixed, unprefixed, prefixedExample!);
    }
}
