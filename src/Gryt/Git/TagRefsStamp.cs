using System.Globalization;
using System.Text;

namespace Gryt.Git;

/// <summary>
/// A stamp of a repository's tag refs read from the file system without starting git: the sizes and
/// times of <c>packed-refs</c> and <c>reftable/tables.list</c> and the times of <c>refs/tags</c> and its
/// folders (git writes a ref by renaming a lock file into its folder, so any new, moved or deleted
/// tag changes one of them). Equal stamps mean git would list the same tags; null when the layout is
/// not one this reads (then callers ask git).
/// </summary>
internal static class TagRefsStamp
{
    public static string? Of(string repositoryRoot)
    {
        if (CommonDirectory(repositoryRoot) is not { } common) return null;
        var stamp = new StringBuilder();
        try
        {
            Add(stamp, new FileInfo(Path.Combine(common, "packed-refs")));
            Add(stamp, new FileInfo(Path.Combine(common, "reftable", "tables.list")));
            var tags = new DirectoryInfo(Path.Combine(common, "refs", "tags"));
            if (tags.Exists)
            {
                Add(stamp, tags);
                foreach (var folder in tags.EnumerateDirectories("*", SearchOption.AllDirectories)) Add(stamp, folder);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return stamp.ToString();
    }

    // `.git` is the folder itself, or in a worktree a file naming its folder, whose `commondir` names the shared one (with the tags).
    private static string? CommonDirectory(string root)
    {
        var dotGit = Path.Combine(root, ".git");
        if (Directory.Exists(dotGit)) return dotGit;
        try
        {
            if (!File.Exists(dotGit)) return null;
            var text = File.ReadAllText(dotGit).Trim();
            if (!text.StartsWith("gitdir: ", StringComparison.Ordinal)) return null;
            var gitDir = Path.GetFullPath(Path.Combine(root, text["gitdir: ".Length..].Trim()));
            var commonFile = Path.Combine(gitDir, "commondir");
            if (!File.Exists(commonFile)) return Directory.Exists(gitDir) ? gitDir : null;
            var common = Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonFile).Trim()));
            return Directory.Exists(common) ? common : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static void Add(StringBuilder stamp, FileSystemInfo entry)
    {
        stamp.Append(entry.Name).Append(' ');
        if (!entry.Exists)
        {
            stamp.Append("-\n");
            return;
        }

        if (entry is FileInfo file) stamp.Append(file.Length.ToString(CultureInfo.InvariantCulture)).Append(' ');
        stamp.Append(entry.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)).Append('\n');
    }
}
