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

            var regex = new Regex("^" + Regex.Escape(leaf).Replace("\\*", ".*", StringComparison.Ordinal).Replace("\\?", ".", StringComparison.Ordinal) + "$");
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
}
