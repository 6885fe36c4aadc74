using System.Text.RegularExpressions;

namespace Gryt.Contracts;

/// <summary>A version file at the project root that names another version than the release: <c>file:line: …</c>.</summary>
internal sealed record VersionFileMismatch(string File, int Line, string Found)
{
    public string Describe(string release) => $"{File}:{Line}: version {Found}, not {release.TrimStart('v')}";
}

/// <summary>
/// The files ecosystems keep the version in (package.json, Directory.Build.props, pyproject.toml,
/// Cargo.toml), read and compared, never written: the file is changed by a commit the proofs test.
/// A value that is not a version (an MSBuild property, a workspace reference) is not checked.
/// </summary>
internal static partial class VersionFiles
{
    public static IReadOnlyList<VersionFileMismatch> Disagreeing(string root, string releaseVersion)
    {
        var release = SemanticVersion.Parse(releaseVersion);
        var found = new List<VersionFileMismatch>();
        Check(found, root, "package.json", release, lines => First(lines, JsonVersion(), null));
        Check(found, root, "Directory.Build.props", release, lines => First(lines, PropsVersion(), null));
        Check(found, root, "pyproject.toml", release, lines => First(lines, TomlVersion(), ["[project]", "[tool.poetry]"]));
        Check(found, root, "Cargo.toml", release, lines => First(lines, TomlVersion(), ["[package]"]));
        return found;
    }

    private static void Check(List<VersionFileMismatch> found, string root, string name, SemanticVersion release, Func<string[], (int Line, string Value)?> read)
    {
        var path = Path.Combine(root, name);
        if (!File.Exists(path)) return;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return; // a check, not a gate: an unreadable file is the build's to report
        }

        if (read(lines) is not var (line, value)) return;
        if (!SemanticVersion.TryParse(value, out var version)) return;
        if (version.ToString() != release.ToString()) found.Add(new VersionFileMismatch(name, line, value));
    }

    /// <summary>The first match, in one of <paramref name="sections"/> (TOML tables) when given; 1-based line.</summary>
    private static (int, string)? First(string[] lines, Regex pattern, string[]? sections)
    {
        var inSection = sections is null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].Trim();
            if (sections is not null && trimmed.StartsWith('[')) inSection = sections.Contains(trimmed, StringComparer.Ordinal);
            if (!inSection) continue;
            var match = pattern.Match(lines[i]);
            if (match.Success) return (i + 1, match.Groups["v"].Value.Trim());
        }

        return null;
    }

    // Top-level "version" in package.json is the first one in practice; dependencies name packages, not "version".
    [GeneratedRegex("^\\s{0,4}\"version\"\\s*:\\s*\"(?<v>[^\"]*)\"")]
    private static partial Regex JsonVersion();

    [GeneratedRegex("<Version>(?<v>[^<]*)</Version>")]
    private static partial Regex PropsVersion();

    [GeneratedRegex("^\\s*version\\s*=\\s*[\"'](?<v>[^\"']*)[\"']")]
    private static partial Regex TomlVersion();
}
