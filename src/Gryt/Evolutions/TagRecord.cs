using System.Text;
using System.Text.Json;

namespace Gryt.Evolutions;

/// <summary>
/// What an annotated tag gryt makes records about itself, machine-readable: one trailer line
/// <c>Gryt-Record: {json}</c> after the human text of every rc tag (an evolution that passed) and
/// release tag (a promotion). A clone with no database rebuilds its records from these lines
/// (Promotion/GitRecordImport); the human text stays what people read.
/// </summary>
internal sealed record TagRecord(string Kind, string Version, string GenerationId)
{
    public const string Key = "Gryt-Record";

    /// <summary>An rc tag: the evolution that passed.</summary>
    public const string EvolutionKind = "evolution";

    /// <summary>A release tag: the promotion.</summary>
    public const string ReleaseKind = "release";

    // Bumped only when a field changes meaning; readers skip records of a later format.
    private const int Format = 1;

    /// <summary>The rc number of an evolution.</summary>
    public int? Rc { get; init; }

    /// <summary>The changes an evolution proved.</summary>
    public IReadOnlyList<string> Changes { get; init; } = [];

    public string? Pipeline { get; init; }

    public string? Run { get; init; }

    /// <summary>The commit tested (an evolution) or released (a promotion).</summary>
    public string? Commit { get; init; }

    /// <summary>The evolution's run was on uncommitted changes (allowed).</summary>
    public bool Dirty { get; init; }

    /// <summary>When the evolution passed or the release was promoted.</summary>
    public DateTimeOffset? At { get; init; }

    /// <summary>Who promoted the release, or started the evolution.</summary>
    public string? By { get; init; }

    /// <summary>The release a hotfix release fixes.</summary>
    public string? Base { get; init; }

    /// <summary>The trailer line, ending with a line break.</summary>
    public string Line()
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("format", Format);
            json.WriteString("kind", Kind);
            json.WriteString("version", Version);
            json.WriteString("generation", GenerationId);
            if (Rc is { } rc) json.WriteNumber("rc", rc);
            if (Changes.Count > 0)
            {
                json.WriteStartArray("changes");
                foreach (var change in Changes) json.WriteStringValue(change);
                json.WriteEndArray();
            }

            if (Pipeline is not null) json.WriteString("pipeline", Pipeline);
            if (Run is not null) json.WriteString("run", Run);
            if (Commit is not null) json.WriteString("commit", Commit);
            if (Dirty) json.WriteBoolean("dirty", true);
            if (At is { } at) json.WriteString("at", Timestamps.Format(at));
            if (By is not null) json.WriteString("by", By);
            if (Base is not null) json.WriteString("base", Base);
            json.WriteEndObject();
        }

        return $"{Key}: {Encoding.UTF8.GetString(buffer.ToArray())}\n";
    }

    /// <summary>The record in a tag message (its last <c>Gryt-Record:</c> line); null when there is none or it cannot be read.</summary>
    public static TagRecord? Read(string? message)
    {
        if (message is null) return null;
        var prefix = Key + ": ";
        var line = message.Split('\n').Select(l => l.TrimEnd('\r')).LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null) return null;
        try
        {
            using var document = JsonDocument.Parse(line[prefix.Length..]);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Int(root, "format") is not Format) return null;
            if (Text(root, "kind") is not ({ } kind and (EvolutionKind or ReleaseKind))
                || Text(root, "version") is not { } versionText || !SemanticVersion.TryParse(versionText, out var version)
                || Text(root, "generation") is not { } generation)
            {
                return null;
            }

            var changes = root.TryGetProperty("changes", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(c => c.ValueKind == JsonValueKind.String).Select(c => c.GetString()!).ToList()
                : [];
            return new TagRecord(kind, version.ToString(), generation)
            {
                Rc = Int(root, "rc"),
                Changes = changes,
                Pipeline = Text(root, "pipeline"),
                Run = Text(root, "run"),
                Commit = Text(root, "commit"),
                Dirty = root.TryGetProperty("dirty", out var dirty) && dirty.ValueKind == JsonValueKind.True,
                At = Text(root, "at") is { } at && DateTimeOffset.TryParse(at, System.Globalization.CultureInfo.InvariantCulture,
                    System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var time) ? time : null,
                By = Text(root, "by"),
                Base = Text(root, "base") is { } baseText && SemanticVersion.TryParse(baseText, out var baseVersion) ? baseVersion.ToString() : null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
