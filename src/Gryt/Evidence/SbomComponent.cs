using System.Text;

namespace Gryt.Evidence;

/// <summary>A hash of a component as CycloneDX names it: <c>SHA-256</c>, <c>SHA-512</c>, <c>SHA-1</c>; lower-case hex.</summary>
internal sealed record SbomHash(string Algorithm, string Content);

/// <summary>
/// One package a lock file pins: CycloneDX <c>library</c> component with its purl (also its bom-ref),
/// the hashes the lock holds, the scope where the lock says it (<c>required</c>, <c>optional</c>,
/// <c>excluded</c> for development-only packages) and the purls it depends on where the lock says.
/// </summary>
internal sealed record SbomComponent(string Name, string Version, string Purl)
{
    /// <summary>The npm scope (<c>@types</c>); null elsewhere.</summary>
    public string? Group { get; init; }

    public string? Scope { get; init; }

    public IReadOnlyList<SbomHash> Hashes { get; init; } = [];

    /// <summary>Name and value pairs, e.g. <c>gryt:lock</c> (the file it came from) or Go's <c>h1:</c> sums.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Properties { get; init; } = [];

    public IReadOnlyList<string> DependsOn { get; init; } = [];
}

/// <summary>What one lock file says: its packages, the purls the project itself depends on (null when the file does not say) and notes.</summary>
internal sealed record LockRead(IReadOnlyList<SbomComponent> Components, IReadOnlyList<string>? Direct, IReadOnlyList<string> Warnings)
{
    public static LockRead Of(IEnumerable<SbomComponent> components, IEnumerable<string>? direct = null, IEnumerable<string>? warnings = null) =>
        new([.. components], direct is null ? null : [.. direct], [.. warnings ?? []]);
}

/// <summary>Package URLs (purl spec): <c>pkg:TYPE/NAMESPACE/NAME@VERSION</c>, each part percent-encoded.</summary>
internal static class Purl
{
    public static string Of(string type, string? ns, string name, string version)
    {
        var purl = new StringBuilder("pkg:").Append(type).Append('/');
        if (!string.IsNullOrEmpty(ns))
        {
            purl.AppendJoin('/', ns.Split('/').Select(Encode)).Append('/');
        }

        return purl.Append(Encode(name)).Append('@').Append(Encode(version)).ToString();
    }

    private static string Encode(string part)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(part))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '~') encoded.Append(c);
            else encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return encoded.ToString();
    }
}
