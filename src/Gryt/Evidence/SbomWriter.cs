using System.Text.Encodings.Web;
using System.Text.Json;
using Gryt.Project;

namespace Gryt.Evidence;

/// <summary>The SBOM a promotion wrote: where, the SHA-256 of its bytes (the provenance names it), how many components, and notes.</summary>
internal sealed record SbomFile(string Path, string Sha256, int Components, IReadOnlyList<string> Warnings);

/// <summary>
/// Writes a release's SBOM, <c>.gryt/releases/VERSION.cdx.json</c>: CycloneDX 1.6 JSON with the release as
/// <c>metadata.component</c> (version = the release version, property <c>gryt:commit</c> = the tagged commit),
/// the components of <see cref="LockInventory"/> and, where the locks say, their dependencies. Everything
/// is written in a fixed order, and the serial number is derived from version, commit and time, so the
/// same inputs give the same bytes.
/// </summary>
internal static class SbomWriter
{
    public const string SpecVersion = "1.6";
    private const string ReleaseRef = "release";

    public static string PathFor(GrytProject project, string version)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Path.Combine(project.GrytFolder, "releases", version + ".cdx.json");
    }

    public static SbomFile Write(GrytProject project, string version, string commit, DateTimeOffset at, LockInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(inventory);
        var bytes = Serialize(Path.GetFileName(Path.TrimEndingDirectorySeparator(project.Root)), version, commit, at, inventory);
        var path = PathFor(project, version);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
        return new SbomFile(path, Sha256.Of(bytes), inventory.Components.Count, inventory.Warnings);
    }

    internal static byte[] Serialize(string projectName, string version, string commit, DateTimeOffset at, LockInventory inventory)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var timestamp = Timestamps.Format(at);
            json.WriteStartObject();
            json.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
            json.WriteString("bomFormat", "CycloneDX");
            json.WriteString("specVersion", SpecVersion);
            json.WriteString("serialNumber", "urn:uuid:" + SerialNumber($"{version}\n{commit}\n{timestamp}"));
            json.WriteNumber("version", 1);

            json.WriteStartObject("metadata");
            json.WriteString("timestamp", timestamp);
            json.WriteStartObject("tools");
            json.WriteStartArray("components");
            json.WriteStartObject();
            json.WriteString("type", "application");
            json.WriteString("name", "gryt");
            json.WriteString("version", GrytVersion.Current);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteStartObject("component");
            json.WriteString("type", "application");
            json.WriteString("bom-ref", ReleaseRef);
            json.WriteString("name", projectName);
            json.WriteString("version", version);
            json.WriteEndObject();
            json.WriteStartArray("properties");
            Property(json, "gryt:commit", commit);
            foreach (var lockFile in inventory.LockFiles) Property(json, "gryt:lock", lockFile);
            json.WriteEndArray();
            json.WriteEndObject();

            json.WriteStartArray("components");
            foreach (var component in inventory.Components) Component(json, component);
            json.WriteEndArray();

            json.WriteStartArray("dependencies");
            if (inventory.Direct.Count > 0 || inventory.Components.Count > 0) Dependency(json, ReleaseRef, inventory.Direct);
            foreach (var component in inventory.Components.Where(c => c.DependsOn.Count > 0)) Dependency(json, component.Purl, component.DependsOn);
            json.WriteEndArray();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void Component(Utf8JsonWriter json, SbomComponent component)
    {
        json.WriteStartObject();
        json.WriteString("type", "library");
        json.WriteString("bom-ref", component.Purl);
        if (component.Group is { } group) json.WriteString("group", group);
        json.WriteString("name", component.Name);
        json.WriteString("version", component.Version);
        if (component.Scope is { } scope) json.WriteString("scope", scope);
        if (component.Hashes.Count > 0)
        {
            json.WriteStartArray("hashes");
            foreach (var hash in component.Hashes)
            {
                json.WriteStartObject();
                json.WriteString("alg", hash.Algorithm);
                json.WriteString("content", hash.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteString("purl", component.Purl);
        if (component.Properties.Count > 0)
        {
            json.WriteStartArray("properties");
            foreach (var (name, value) in component.Properties) Property(json, name, value);
            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void Dependency(Utf8JsonWriter json, string reference, IReadOnlyList<string> dependsOn)
    {
        json.WriteStartObject();
        json.WriteString("ref", reference);
        json.WriteStartArray("dependsOn");
        foreach (var target in dependsOn) json.WriteStringValue(target);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void Property(Utf8JsonWriter json, string name, string value)
    {
        json.WriteStartObject();
        json.WriteString("name", name);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    /// <summary>An RFC 4122 form UUID (version 5 bits) from the SHA-256 of <paramref name="seed"/>.</summary>
    private static string SerialNumber(string seed)
    {
        var bytes = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed))[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }
}
