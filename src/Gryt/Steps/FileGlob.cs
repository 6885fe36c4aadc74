using System.Text;
using System.Text.RegularExpressions;

namespace Gryt.Steps;

/// <summary>
/// Expands the file patterns of publish steps (<c>dist/*.whl</c>, <c>bin/app-?.zip</c>) in the step's
/// folder. Wildcards (<c>*</c>, <c>?</c>) are allowed in the last path segment; a pattern without
/// wildcards names one file. Matches are sorted so command lines are stable.
/// </summary>
internal static class FileGlob
{
    public static IReadOnlyList<string> Expand(IEnumerable<string> patterns, string workingDirectory)
    {
        var files = new List<string>();
        foreach (var pattern in patterns)
        {
            var full = Path.GetFullPath(pattern, workingDirectory);
            var folder = Path.GetDirectoryName(full) ?? workingDirectory;
            var leaf = Path.GetFileName(full);
            if (folder.Contains('*', StringComparison.Ordinal) || folder.Contains('?', StringComparison.Ordinal))
            {
                throw new InvalidInputException($"file pattern '{pattern}': wildcards are only allowed in the file name");
            }

            if (!leaf.Contains('*', StringComparison.Ordinal) && !leaf.Contains('?', StringComparison.Ordinal))
            {
                files.Add(File.Exists(full) ? full : throw new InvalidInputException($"file '{pattern}' does not exist"));
                continue;
            }

            var regex = ToRegex(leaf);
            var matches = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder).Where(f => regex.IsMatch(Path.GetFileName(f))).Order(StringComparer.Ordinal).ToList()
                : [];
            if (matches.Count == 0)
            {
                throw new InvalidInputException($"no file matches '{pattern}'");
            }

            files.AddRange(matches);
        }

        return files;
    }

    /// <summary>
    /// The files one entry names, sorted; empty when there are none: a path names one file, a glob
    /// (<c>out/**/*.xml</c>) the files it matches, and a folder the files anywhere in it that
    /// <paramref name="inFolder"/> accepts (all when null). Used by <c>reports:</c> and <c>artifacts:</c>.
    /// </summary>
    public static IReadOnlyList<string> Find(string entry, string workingDirectory, Func<string, bool>? inFolder = null)
    {
        var full = Path.GetFullPath(entry, workingDirectory);
        if (entry.IndexOfAny(['*', '?']) < 0)
        {
            if (Directory.Exists(full))
            {
                return Sorted(Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Where(f => inFolder?.Invoke(f) ?? true));
            }

            return File.Exists(full) ? [full] : [];
        }

        // Search from the deepest folder before the first wildcard.
        var normalized = entry.Replace('\\', '/');
        var fixedPart = normalized[..normalized.IndexOfAny(['*', '?'])];
        var root = Path.GetFullPath(fixedPart.Contains('/', StringComparison.Ordinal) ? fixedPart[..fixedPart.LastIndexOf('/')] : ".", workingDirectory);
        if (!Directory.Exists(root))
        {
            return [];
        }

        var pattern = ToRegex(Path.GetRelativePath(root, full).Replace('\\', '/'));
        return Sorted(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => pattern.IsMatch(Path.GetRelativePath(root, f).Replace('\\', '/'))));
    }

    private static IReadOnlyList<string> Sorted(IEnumerable<string> files) => [.. files.Order(StringComparer.Ordinal)];

    /// <summary>A glob as a regex over '/'-separated relative paths: <c>**/</c> any folders (none too),
    /// <c>*</c> and <c>?</c> within one name. The one glob syntax of publish patterns and report paths.</summary>
    internal static Regex ToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < glob.Length; i++)
        {
            var c = glob[i];
            if (c == '*' && i + 1 < glob.Length && glob[i + 1] == '*')
            {
                // "**/" is any number of folders, none included; a trailing "**" is anything.
                if (i + 2 < glob.Length && glob[i + 2] == '/')
                {
                    regex.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    regex.Append(".*");
                    i++;
                }
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant);
    }
}
