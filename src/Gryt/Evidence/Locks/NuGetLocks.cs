using System.Text.Json;

namespace Gryt.Evidence.Locks;

/// <summary>
/// .NET: <c>packages.lock.json</c> (NuGet's lock, <c>contentHash</c>) or <c>obj/project.assets.json</c>
/// (what restore resolved, <c>libraries.*.sha512</c>). Both give every package of every target
/// framework with its dependencies; project references are the project's own code and are left out.
/// </summary>
internal static class NuGetLocks
{
    public static LockRead PackagesLock(string path, string shown)
    {
        using var json = LockText.Json(path, shown);
        var components = new Dictionary<string, SbomComponent>(StringComparer.Ordinal);
        var direct = new SortedSet<string>(StringComparer.Ordinal);
        if (!json.RootElement.TryGetProperty("dependencies", out var frameworks) || frameworks.ValueKind != JsonValueKind.Object)
        {
            return LockRead.Of([], [], [$"{shown}: no 'dependencies' to read"]);
        }

        foreach (var framework in frameworks.EnumerateObject())
        {
            if (framework.Value.ValueKind != JsonValueKind.Object) continue;
            var resolved = framework.Value.EnumerateObject()
                .Where(p => LockText.String(p.Value, "resolved") is not null && LockText.String(p.Value, "type") != "Project")
                .ToDictionary(p => p.Name, p => LockText.String(p.Value, "resolved")!, StringComparer.OrdinalIgnoreCase);
            foreach (var package in framework.Value.EnumerateObject())
            {
                if (!resolved.TryGetValue(package.Name, out var version)) continue;
                var purl = Purl.Of("nuget", null, package.Name, version);
                if (LockText.String(package.Value, "type") == "Direct") direct.Add(purl);
                var hash = LockText.String(package.Value, "contentHash") is { } b64 ? LockText.Hex(b64) : null;
                Add(components, new SbomComponent(package.Name, version, purl)
                {
                    Scope = "required",
                    Hashes = hash is null ? [] : [new SbomHash("SHA-512", hash)],
                    DependsOn = DependsOn(package.Value, resolved),
                });
            }
        }

        return LockRead.Of(components.Values, direct);
    }

    public static LockRead Assets(string path, string shown)
    {
        using var json = LockText.Json(path, shown);
        var root = json.RootElement;
        var hashes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
        {
            foreach (var library in libraries.EnumerateObject())
            {
                if (LockText.String(library.Value, "type") != "package") continue;
                hashes[library.Name] = LockText.String(library.Value, "sha512") is { } b64 ? LockText.Hex(b64) : null;
            }
        }

        var components = new Dictionary<string, SbomComponent>(StringComparer.Ordinal);
        var direct = new SortedSet<string>(StringComparer.Ordinal);
        var requested = DirectNames(root);
        if (root.TryGetProperty("targets", out var targets) && targets.ValueKind == JsonValueKind.Object)
        {
            foreach (var target in targets.EnumerateObject())
            {
                if (target.Value.ValueKind != JsonValueKind.Object) continue;
                var resolved = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var entry in target.Value.EnumerateObject())
                {
                    if (LockText.String(entry.Value, "type") != "package" || entry.Name.Split('/') is not [var name, var version]) continue;
                    resolved[name] = version;
                }

                foreach (var entry in target.Value.EnumerateObject())
                {
                    if (entry.Name.Split('/') is not [var name, var version] || !resolved.ContainsKey(name)) continue;
                    var purl = Purl.Of("nuget", null, name, version);
                    if (requested.Contains(name)) direct.Add(purl);
                    var hash = hashes.GetValueOrDefault(entry.Name);
                    Add(components, new SbomComponent(name, version, purl)
                    {
                        Scope = "required",
                        Hashes = hash is null ? [] : [new SbomHash("SHA-512", hash)],
                        DependsOn = DependsOn(entry.Value, resolved),
                    });
                }
            }
        }

        return LockRead.Of(components.Values, direct);
    }

    private static HashSet<string> DirectNames(JsonElement root)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (root.TryGetProperty("project", out var project) && project.TryGetProperty("frameworks", out var frameworks) && frameworks.ValueKind == JsonValueKind.Object)
        {
            foreach (var framework in frameworks.EnumerateObject())
            {
                if (framework.Value.TryGetProperty("dependencies", out var dependencies) && dependencies.ValueKind == JsonValueKind.Object)
                {
                    foreach (var dependency in dependencies.EnumerateObject()) names.Add(dependency.Name);
                }
            }
        }

        return names;
    }

    private static List<string> DependsOn(JsonElement package, Dictionary<string, string> resolved)
    {
        if (!package.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Object) return [];
        return [.. dependencies.EnumerateObject()
            .Where(d => resolved.ContainsKey(d.Name))
            .Select(d => Purl.Of("nuget", null, resolved.Keys.First(k => string.Equals(k, d.Name, StringComparison.OrdinalIgnoreCase)), resolved[d.Name]))];
    }

    private static void Add(Dictionary<string, SbomComponent> components, SbomComponent component)
    {
        components[component.Purl] = components.TryGetValue(component.Purl, out var seen)
            ? seen with { DependsOn = [.. seen.DependsOn.Union(component.DependsOn, StringComparer.Ordinal)] }
            : component;
    }
}
