using System.Text.Json;

namespace Gryt.Evidence.Locks;

/// <summary>
/// npm: <c>package-lock.json</c> of lockfileVersion 2 or 3 (npm 7 and later), whose <c>packages</c>
/// map holds every installed folder. Names come from the folder (or an alias's <c>name</c>),
/// <c>integrity</c> gives the hashes, <c>dev</c>/<c>optional</c> the scope, and dependencies are
/// resolved as Node does: the nearest <c>node_modules</c> folder up the tree. Links (workspaces)
/// are the project's own code and are left out.
/// </summary>
internal static class NpmLock
{
    private const string Folder = "node_modules/";
    private static readonly string[] DependencyKinds = ["dependencies", "optionalDependencies", "peerDependencies", "devDependencies"];

    public static LockRead Read(string path, string shown)
    {
        using var json = LockText.Json(path, shown);
        var root = json.RootElement;
        var lockVersion = root.TryGetProperty("lockfileVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;
        if (lockVersion < 2 || !root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Object)
        {
            return LockRead.Of([], null, [$"{shown}: lockfileVersion {lockVersion} is not read (gryt reads versions 2 and 3: npm 7 or later writes them)"]);
        }

        var entries = packages.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);
        var purls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, entry) in entries)
        {
            if (!key.Contains(Folder, StringComparison.Ordinal) || entry.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True) continue;
            if (LockText.String(entry, "version") is not { } version) continue;
            purls[key] = PurlOf(NameOf(key, entry), version);
        }

        var components = new List<SbomComponent>();
        foreach (var (key, purl) in purls)
        {
            var entry = entries[key];
            var name = NameOf(key, entry);
            var slash = name.StartsWith('@') ? name.IndexOf('/', StringComparison.Ordinal) : -1;
            components.Add(new SbomComponent(slash > 0 ? name[(slash + 1)..] : name, LockText.String(entry, "version")!, purl)
            {
                Group = slash > 0 ? name[..slash] : null,
                Scope = Flag(entry, "dev") ? "excluded" : Flag(entry, "optional") || Flag(entry, "devOptional") ? "optional" : "required",
                Hashes = Integrity(LockText.String(entry, "integrity")),
                DependsOn = [.. Dependencies(entry).Select(d => Resolve(key, d, purls)).OfType<string>().Distinct(StringComparer.Ordinal)],
            });
        }

        var direct = entries.TryGetValue("", out var project)
            ? Dependencies(project).Select(d => Resolve("", d, purls)).OfType<string>().Distinct(StringComparer.Ordinal)
            : [];
        return LockRead.Of(components, direct);
    }

    /// <summary>npm's integrity: one or more <c>ALGORITHM-BASE64</c>, space-separated.</summary>
    internal static List<SbomHash> Integrity(string? integrity)
    {
        var hashes = new List<SbomHash>();
        foreach (var part in (integrity ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0) continue;
            var algorithm = part[..dash] switch { "sha512" => "SHA-512", "sha384" => "SHA-384", "sha256" => "SHA-256", "sha1" => "SHA-1", _ => null };
            if (algorithm is not null && LockText.Hex(part[(dash + 1)..]) is { } hex) hashes.Add(new SbomHash(algorithm, hex));
        }

        return hashes;
    }

    private static string PurlOf(string name, string version) =>
        name.StartsWith('@') && name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash
            ? Purl.Of("npm", name[..slash], name[(slash + 1)..], version)
            : Purl.Of("npm", null, name, version);

    private static string NameOf(string key, JsonElement entry) =>
        LockText.String(entry, "name") ?? key[(key.LastIndexOf(Folder, StringComparison.Ordinal) + Folder.Length)..];

    private static bool Flag(JsonElement entry, string name) => entry.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static IEnumerable<string> Dependencies(JsonElement entry) =>
        DependencyKinds.SelectMany(kind => entry.TryGetProperty(kind, out var map) && map.ValueKind == JsonValueKind.Object
            ? map.EnumerateObject().Select(d => d.Name)
            : []);

    /// <summary>Node's lookup: <c>FROM/node_modules/NAME</c>, then each enclosing <c>node_modules</c> folder, up to the root's.</summary>
    private static string? Resolve(string from, string name, Dictionary<string, string> purls)
    {
        var at = from;
        while (true)
        {
            var candidate = (at.Length == 0 ? "" : at + "/") + Folder + name;
            if (purls.TryGetValue(candidate, out var purl)) return purl;
            if (at.Length == 0) return null;
            var cut = at.LastIndexOf("/" + Folder, StringComparison.Ordinal);
            at = cut < 0 ? "" : at[..cut];
        }
    }
}
