using System.Globalization;
using Gryt.Git;

namespace Gryt.Evolutions;

/// <summary>
/// Where release candidate (rc) numbers are assigned. Each evolution of a generation vX.Y.Z gets
/// the next rc number N and, on pass, the tag vX.Y.Z-rc.N. N is one past the highest number in use,
/// whether recorded in the database or tagged in git, so a number is never reused: not across
/// processes, not past tags made by hand or by another clone. A shallow clone or one fetched with
/// <c>--no-tags</c> may lack rc tags its remotes have, so those remotes are asked too (briefly:
/// offline is fine), and the user is told to fetch tags.
/// </summary>
internal sealed class ReleaseCandidateNumbers(GitClient git)
{
    /// <summary>How long a remote may take to list its rc tags before it counts as unreachable.</summary>
    public static readonly TimeSpan RemoteTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The next rc number: one past both the highest recorded and the highest tagged; or, in sync mode, the number
    /// the server handed out (<paramref name="fromServer"/>), which must lie past both: a lower one means this clone
    /// numbered evolutions offline that the server has not seen.
    /// </summary>
    public static int Next(int highestRecorded, int highestTagged, int? fromServer = null)
    {
        var local = Math.Max(highestRecorded, highestTagged);
        if (fromServer is not { } server) return local + 1;
        if (server > local) return server;
        throw new ConflictException(
            $"the sync server gave rc number {server}, but this clone already has rc {local} (numbered offline, or tagged by hand)",
            "push what this clone recorded (gryt sync push), then start the evolution again");
    }

    /// <summary>
    /// The highest rc number tagged with <paramref name="prefix"/> (see <see cref="TagPrefix"/>; 0: none), in this clone and,
    /// when this clone may lack tags, on its remotes; with what the user should know about it.
    /// Asked before the database transaction that assigns the number, since remotes can be slow.
    /// </summary>
    public (int Highest, IReadOnlyList<string> Warnings) HighestTagged(string prefix)
    {
        var local = git.ListTags(prefix + "*");
        var highest = Highest(local, prefix);
        var warnings = new List<string>();
        var shallow = git.IsShallow();
        foreach (var remote in git.Remotes().Where(r => shallow || git.FetchesNoTags(r)))
        {
            var why = shallow ? "this clone is shallow" : $"this clone fetches no tags from {remote}";
            var remoteTags = git.RemoteTags(remote, prefix, RemoteTimeout);
            if (remoteTags is null)
            {
                warnings.Add($"{why} and {remote} could not be read: {prefix}N tags there may already use this number; fetch them with: git fetch --tags {remote}");
                continue;
            }

            var missing = remoteTags.Except(local, StringComparer.Ordinal).Where(t => NumberOf(t, prefix) > 0).ToList();
            if (missing.Count == 0) continue;
            highest = Math.Max(highest, Highest(missing, prefix));
            warnings.Add($"{why}: {remote} has rc {(missing.Count == 1 ? "tag" : "tags")} this clone lacks ({string.Join(", ", missing.Order(StringComparer.Ordinal))}); numbered past them. Fetch them with: git fetch --tags {remote}");
        }

        return (highest, warnings);
    }

    /// <summary>What every rc tag of the generation starts with: <c>v2.1.0-rc.</c>.</summary>
    public static string TagPrefix(Generation generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return generation.Tags.RcPrefix(SemanticVersion.Parse(generation.Version));
    }

    /// <summary>The rc number of <paramref name="tag"/> (<c>v2.1.0-rc.3</c> → 3), or 0 when it is no rc tag of that prefix.</summary>
    public static int NumberOf(string tag, string prefix) =>
        tag.StartsWith(prefix, StringComparison.Ordinal)
        && int.TryParse(tag.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0;

    private static int Highest(IEnumerable<string> tags, string prefix) => tags.Select(t => NumberOf(t, prefix)).DefaultIfEmpty(0).Max();
}
