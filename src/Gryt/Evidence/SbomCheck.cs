using System.Text.Json;

namespace Gryt.Evidence;

/// <summary>Whether a release's SBOM is there and is the one for that release: CycloneDX 1.6 JSON whose
/// <c>metadata.component.version</c> is the version and whose <c>gryt:commit</c> property is the release commit.
/// The one check of it: the compliance report and <c>gryt release verify</c> both ask here.</summary>
internal static class SbomCheck
{
    /// <summary>Null when the SBOM at <paramref name="path"/> holds; else what is wrong, in a few words.</summary>
    public static string? Problem(string path, string version, string? commit)
    {
        if (!File.Exists(path)) return "no SBOM";
        try
        {
            return Problem(File.ReadAllBytes(path), version, commit);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "the SBOM cannot be read: " + e.Message.ReplaceLineEndings(" ");
        }
    }

    /// <summary>Null when the SBOM's <paramref name="json"/> holds; else what is wrong, in a few words.</summary>
    public static string? Problem(ReadOnlyMemory<byte> json, string version, string? commit)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Text(root, "bomFormat") != "CycloneDX" || Text(root, "specVersion") != SbomWriter.SpecVersion)
            {
                return "not a CycloneDX " + SbomWriter.SpecVersion + " document";
            }

            var metadata = root.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
            var named = metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("component", out var component) ? Text(component, "version") : null;
            if (named != version) return $"the SBOM is for version {named ?? "(none)"}";
            var recorded = metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Array
                ? properties.EnumerateArray().Where(p => Text(p, "name") == "gryt:commit").Select(p => Text(p, "value")).FirstOrDefault()
                : null;
            if (recorded is null) return "the SBOM names no commit (gryt:commit)";
            return commit is null || string.Equals(recorded, commit, StringComparison.OrdinalIgnoreCase)
                ? null
                : $"the SBOM names commit {recorded[..Math.Min(12, recorded.Length)]}, the release is {commit[..Math.Min(12, commit.Length)]}";
        }
        catch (JsonException e)
        {
            return "the SBOM cannot be read: " + e.Message.ReplaceLineEndings(" ");
        }
    }

    private static string? Text(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
