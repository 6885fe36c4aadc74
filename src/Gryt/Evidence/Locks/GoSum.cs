namespace Gryt.Evidence.Locks;

/// <summary>
/// Go: <c>go.sum</c>, one line per module (<c>PATH VERSION h1:HASH</c>) and per module's go.mod
/// (<c>PATH VERSION/go.mod h1:HASH</c>). A module with only a go.mod line was consulted, not built,
/// and is left out. The <c>h1:</c> hash is Go's dirhash of the module's files, not a hash of one
/// file, so it is kept as the property <c>gryt:go:h1</c>, not as a CycloneDX hash. <c>go.mod</c>
/// beside it names the direct requirements (those without <c>// indirect</c>).
/// </summary>
internal static class GoSum
{
    public static LockRead Read(string path, string shown)
    {
        var modules = new SortedDictionary<(string Path, string Version), string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Trim().Length == 0) continue;
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length != 3 || !fields[2].StartsWith("h1:", StringComparison.Ordinal))
            {
                throw new InvalidFileException(shown, lineNumber, 1, "expected 'MODULE VERSION h1:HASH'");
            }

            if (fields[1].EndsWith("/go.mod", StringComparison.Ordinal)) continue;
            modules[(fields[0], fields[1])] = fields[2];
        }

        var components = modules.Select(m => new SbomComponent(m.Key.Path, m.Key.Version, PurlOf(m.Key.Path, m.Key.Version))
        {
            Properties = [new("gryt:go:h1", m.Value)],
        });
        var goMod = Path.Combine(Path.GetDirectoryName(path)!, "go.mod");
        return LockRead.Of(components, File.Exists(goMod) ? DirectRequirements(goMod).Where(modules.ContainsKey).Select(r => PurlOf(r.Path, r.Version)) : null);
    }

    internal static string PurlOf(string module, string version)
    {
        var slash = module.LastIndexOf('/');
        return slash < 0 ? Purl.Of("golang", null, module, version) : Purl.Of("golang", module[..slash], module[(slash + 1)..], version);
    }

    /// <summary>The <c>require</c> lines of go.mod (single and block form) not marked <c>// indirect</c>.</summary>
    private static IEnumerable<(string Path, string Version)> DirectRequirements(string goMod)
    {
        var inBlock = false;
        foreach (var raw in File.ReadLines(goMod))
        {
            var line = raw.Trim();
            if (inBlock && line == ")")
            {
                inBlock = false;
                continue;
            }

            if (line.StartsWith("require (", StringComparison.Ordinal) || line == "require(")
            {
                inBlock = true;
                continue;
            }

            var requirement = inBlock ? line : line.StartsWith("require ", StringComparison.Ordinal) ? line["require ".Length..].Trim() : null;
            if (requirement is null || requirement.Length == 0 || requirement.StartsWith("//", StringComparison.Ordinal)) continue;
            if (requirement.Contains("// indirect", StringComparison.Ordinal)) continue;
            var fields = requirement.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2) yield return (fields[0], fields[1]);
        }
    }
}
