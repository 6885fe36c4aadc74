using System.Text.RegularExpressions;
using Tomlyn.Model;

namespace Gryt.Evidence.Locks;

/// <summary>
/// Python: <c>uv.lock</c>, <c>poetry.lock</c> and pinned <c>requirements*.txt</c>. Names are
/// normalised as PyPI does (PEP 503). A package is several files (an sdist, wheels), each with its
/// own SHA-256: the sdist's is the component's CycloneDX hash, every file's hash is also kept as a
/// <c>gryt:pypi:file</c> property (<c>FILE sha256:HEX</c>).
/// </summary>
internal static partial class PythonLocks
{
    public static string Normalize(string name) => Separators().Replace(name, "-").ToLowerInvariant();

    private static string PurlOf(string name, string version) => Purl.Of("pypi", null, Normalize(name), version);

    public static LockRead Uv(string path, string shown)
    {
        var packages = LockText.Tables(LockText.Toml(path, shown), "package")
            .Select(p => (Name: LockText.String(p, "name"), Version: LockText.String(p, "version"), Table: p))
            .Where(p => p.Name is not null)
            .ToList();
        var components = new List<SbomComponent>();
        var direct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, version, table) in packages)
        {
            var dependsOn = new List<string>();
            foreach (var dependency in UvDependencies(table))
            {
                var match = packages.FirstOrDefault(p => Normalize(p.Name!) == Normalize(LockText.String(dependency, "name") ?? "")
                    && (LockText.String(dependency, "version") is not { } wanted || p.Version == wanted));
                if (match.Name is not null && match.Version is not null && !IsProject(match.Table)) dependsOn.Add(PurlOf(match.Name, match.Version));
            }

            if (IsProject(table) || version is null)
            {
                direct.UnionWith(dependsOn);
                continue;
            }

            var files = new List<(string File, string Hash)>();
            foreach (var file in LockText.Tables(table, "sdist").Concat(LockText.Tables(table, "wheels")))
            {
                if (LockText.String(file, "hash") is not { } hash || LockText.String(file, "url") is not { } url) continue;
                files.Add((url[(url.LastIndexOf('/') + 1)..], hash));
            }

            var sdist = LockText.Tables(table, "sdist").Select(f => LockText.String(f, "hash")).FirstOrDefault();

            components.Add(Component(name!, version, sdist, files) with { DependsOn = [.. dependsOn.Distinct(StringComparer.Ordinal)] });
        }

        return LockRead.Of(components, direct);
    }

    public static LockRead Poetry(string path, string shown)
    {
        var packages = LockText.Tables(LockText.Toml(path, shown), "package")
            .Select(p => (Name: LockText.String(p, "name"), Version: LockText.String(p, "version"), Table: p))
            .Where(p => p.Name is not null && p.Version is not null)
            .ToList();
        var components = new List<SbomComponent>();
        foreach (var (name, version, table) in packages)
        {
            var files = LockText.Tables(table, "files")
                .Select(f => (File: LockText.String(f, "file"), Hash: LockText.String(f, "hash")))
                .Where(f => f.File is not null && f.Hash is not null)
                .Select(f => (f.File!, f.Hash!))
                .ToList();
            var sdist = files.FirstOrDefault(f => f.Item1.EndsWith(".tar.gz", StringComparison.Ordinal) || f.Item1.EndsWith(".zip", StringComparison.Ordinal)).Item2;
            var dependencies = table.TryGetValue("dependencies", out var deps) && deps is TomlTable map ? map.Keys : [];
            var dependsOn = dependencies
                .Select(d => packages.FirstOrDefault(p => Normalize(p.Name!) == Normalize(d)))
                .Where(p => p.Name is not null)
                .Select(p => PurlOf(p.Name!, p.Version!));
            // Poetry before 1.5 says category = "dev"; optional = true is an extra's package.
            var scope = LockText.String(table, "category") == "dev" ? "excluded"
                : table.TryGetValue("optional", out var optional) && optional is true ? "optional"
                : LockText.String(table, "category") == "main" ? "required" : null;
            components.Add(Component(name!, version!, sdist, files) with { Scope = scope, DependsOn = [.. dependsOn.Distinct(StringComparer.Ordinal)] });
        }

        return LockRead.Of(components);
    }

    /// <summary>
    /// Pinned requirements (<c>pip-compile --generate-hashes</c>, <c>uv pip compile</c>, <c>pip freeze</c>):
    /// <c>NAME==VERSION</c> with any <c>--hash=sha256:HEX</c> options. Options lines (<c>-r</c>, <c>-e</c>,
    /// <c>--index-url</c>) are skipped; a requirement that is not pinned to one version is a warning.
    /// </summary>
    public static LockRead Requirements(string path, string shown)
    {
        var components = new List<SbomComponent>();
        var warnings = new List<string>();
        var lineNumber = 0;
        var start = 0;
        var logical = "";
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            if (logical.Length == 0) start = lineNumber;
            var line = raw.TrimEnd();
            if (line.EndsWith('\\'))
            {
                logical += line[..^1] + " ";
                continue;
            }

            logical += line;
            var text = CommentAt().Replace(logical, "").Trim();
            logical = "";
            if (text.Length == 0 || text.StartsWith('-')) continue;
            var match = Pinned().Match(text);
            if (!match.Success)
            {
                warnings.Add($"{shown}:{start}: '{text.Split(' ')[0]}' is not pinned to one version (NAME==VERSION); left out of the SBOM");
                continue;
            }

            var hashes = HashOption().Matches(text).Select(m => m.Groups["hex"].Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            components.Add(Component(match.Groups["name"].Value, match.Groups["version"].Value, hashes.Count == 1 ? "sha256:" + hashes[0] : null,
                hashes.Select(h => ("", "sha256:" + h)).ToList()));
        }

        return LockRead.Of(components, null, warnings);
    }

    private static bool IsProject(TomlTable table) =>
        table.TryGetValue("source", out var source) && source is TomlTable s && (s.ContainsKey("editable") || s.ContainsKey("virtual"));

    /// <summary>uv's runtime dependencies, its extras' and its development groups' (<c>dev-dependencies</c>).</summary>
    private static IEnumerable<TomlTable> UvDependencies(TomlTable table)
    {
        foreach (var dependency in LockText.Tables(table, "dependencies")) yield return dependency;
        foreach (var key in new[] { "optional-dependencies", "dev-dependencies" })
        {
            if (!table.TryGetValue(key, out var groups) || groups is not TomlTable map) continue;
            foreach (var group in map.Keys.Order(StringComparer.Ordinal))
            {
                foreach (var dependency in LockText.Tables(map, group)) yield return dependency;
            }
        }
    }

    private static SbomComponent Component(string name, string version, string? sdistHash, List<(string File, string Hash)> files)
    {
        var sha256 = sdistHash is not null && sdistHash.StartsWith("sha256:", StringComparison.Ordinal) ? sdistHash["sha256:".Length..].ToLowerInvariant() : null;
        return new SbomComponent(Normalize(name), version, PurlOf(name, version))
        {
            Hashes = sha256 is { Length: 64 } ? [new SbomHash("SHA-256", sha256)] : [],
            Properties = [.. files.Select(f => new KeyValuePair<string, string>("gryt:pypi:file", (f.File.Length == 0 ? "" : f.File + " ") + f.Hash))],
        };
    }

    [GeneratedRegex("[-_.]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(^|\s)#.*$")]
    private static partial Regex CommentAt();

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*===?\s*(?<version>[A-Za-z0-9.!+_-]+)\s*(;[^-]*)?(\s|$)")]
    private static partial Regex Pinned();

    [GeneratedRegex(@"--hash[=\s]sha256:(?<hex>[0-9A-Fa-f]{64})")]
    private static partial Regex HashOption();
}
