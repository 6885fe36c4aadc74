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
