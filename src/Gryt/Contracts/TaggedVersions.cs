using Gryt.Git;
using Gryt.Storage;

namespace Gryt.Contracts;

/// <summary>A version whose release tag exists already (made by hand, by another tool, or by a release before gryt).</summary>
internal sealed record TaggedVersion(string Tag, string NextFree);

/// <summary>Which versions git has already used: a generation whose tag exists can never be promoted as it is.</summary>
internal static class TaggedVersions
{
    // Enough for any real gap in a project's tags; past it no suggestion is better than a slow one.
    private const int MaxProbes = 1000;

    /// <summary>The existing tag of <paramref name="generation"/>'s release and the next patch version with no tag and no generation; null when the tag is free.</summary>
    public static TaggedVersion? Find(Generation generation, GitClient git, GrytDatabase database)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(git);
        if (!git.TagExists(generation.ReleaseTag)) return null;
        // One git call for every release tag of this prefix and one query for every generation, not one of each per probed version.
        var tags = git.ListTags(generation.Tags.Glob).ToHashSet(StringComparer.Ordinal);
        var versions = new GenerationStore(database).Rows().Select(r => r.Version).ToHashSet(StringComparer.Ordinal);
        var version = SemanticVersion.Parse(generation.Version);
        var next = version.PreRelease is null ? version : SemanticVersion.Parse($"v{version.Major}.{version.Minor}.{version.Patch}");
        for (var i = 0; i < MaxProbes; i++)
        {
            next = SemanticVersion.Parse($"v{next.Major}.{next.Minor}.{next.Patch + 1}");
            if (!tags.Contains(generation.Tags.Release(next)) && !versions.Contains(next.ToString())) return new TaggedVersion(generation.ReleaseTag, next.ToString());
        }

        return new TaggedVersion(generation.ReleaseTag, "a later version");
    }
}
