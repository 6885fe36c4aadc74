namespace Gryt.Evidence.Locks;

/// <summary>
/// Rust: <c>Cargo.lock</c>. Packages with a <c>source</c> are dependencies (their <c>checksum</c> is
/// the SHA-256 of the .crate file); those without are the workspace's own crates, whose
/// dependencies are the direct ones. A dependency is written <c>NAME</c>, or <c>NAME VERSION</c>
/// (and a source) when the lock holds several versions of it.
/// </summary>
internal static class CargoLock
{
    public static LockRead Read(string path, string shown)
    {
        var packages = LockText.Tables(LockText.Toml(path, shown), "package")
            .Select(p => (Name: LockText.String(p, "name"), Version: LockText.String(p, "version"), Table: p))
            .Where(p => p.Name is not null && p.Version is not null)
            .ToList();
        var components = new List<SbomComponent>();
        var direct = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (name, version, table) in packages)
        {
            var dependsOn = Dependencies(table).Select(d => Resolve(d, packages)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (LockText.String(table, "source") is not { } source)
            {
                direct.UnionWith(dependsOn);
                continue;
            }

            var checksum = LockText.String(table, "checksum");
            components.Add(new SbomComponent(name!, version!, Purl.Of("cargo", null, name!, version!))
            {
                Hashes = checksum is { Length: 64 } ? [new SbomHash("SHA-256", checksum.ToLowerInvariant())] : [],
                Properties = source.StartsWith("registry+", StringComparison.Ordinal) ? [] : [new("gryt:cargo:source", source)],
                DependsOn = dependsOn,
            });
        }

        return LockRead.Of(components, direct);
    }

    private static IEnumerable<string> Dependencies(Tomlyn.Model.TomlTable table) =>
        table.TryGetValue("dependencies", out var value) && value is Tomlyn.Model.TomlArray list ? list.OfType<string>() : [];

    private static string? Resolve(string dependency, List<(string? Name, string? Version, Tomlyn.Model.TomlTable Table)> packages)
    {
        var parts = dependency.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        var match = packages.FirstOrDefault(p => p.Name == parts[0] && (parts.Length == 1 || p.Version == parts[1]));
        return match.Name is null || LockText.String(match.Table, "source") is null ? null : Purl.Of("cargo", null, match.Name, match.Version!);
    }
}
