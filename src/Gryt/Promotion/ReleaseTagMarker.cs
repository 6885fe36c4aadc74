using Gryt.Evolutions;
using Gryt.Git;

namespace Gryt.Promotion;

/// <summary>
/// How gryt recognises its own release tag: an annotated tag whose message ends with the trailer
/// lines <c>Gryt-Release: VERSION</c> and <c>Gryt-Generation: ID</c>. The generation id is a UUIDv7
/// nobody types by accident, so a tag made by hand (or by another tool, or for another database's
/// generation) is never taken for gryt's.
/// </summary>
internal static class ReleaseTagMarker
{
    public const string ReleaseKey = "Gryt-Release";
    public const string GenerationKey = "Gryt-Generation";

    /// <summary>The trailer that ends every release tag message gryt writes; with <paramref name="record"/>, also the
    /// machine-readable <see cref="TagRecord"/> line a fresh clone imports.</summary>
    public static string Trailer(Generation generation, TagRecord? record = null)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return $"{ReleaseKey}: {generation.Version}\n{GenerationKey}: {generation.GenerationId}\n" + record?.Line();
    }

    /// <summary>Whether <paramref name="tag"/> is the tag an earlier promotion of <paramref name="generation"/> wrote.</summary>
    public static bool IsOwn(TagInfo tag, Generation generation)
    {
        ArgumentNullException.ThrowIfNull(tag);
        ArgumentNullException.ThrowIfNull(generation);
        if (!tag.Annotated || tag.Message is null) return false;
        var lines = tag.Message.Split('\n').Select(l => l.TrimEnd('\r'));
        return lines.Contains($"{GenerationKey}: {generation.GenerationId}", StringComparer.Ordinal);
    }
}
