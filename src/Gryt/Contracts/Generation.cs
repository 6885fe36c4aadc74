using Gryt.Contracts;

namespace Gryt;

/// <summary>A release contract as stored: a version and the changes it must contain.
/// Promoting it is in Promotion/Generation.Promote.cs, beside the use case it calls.</summary>
public sealed partial record Generation
{
    // Built by the library only: readers get the values, not a long constructor.
    internal Generation(string generationId, string version, string? description, GenerationStatus status, string? pipelineTemplate, int revision, DateTimeOffset createdAt, DateTimeOffset? promotedAt, string? promotedBy)
    {
        GenerationId = generationId;
        Version = version;
        Description = description;
        Status = status;
        PipelineTemplate = pipelineTemplate;
        Revision = revision;
        CreatedAt = createdAt;
        PromotedAt = promotedAt;
        PromotedBy = promotedBy;
    }

    public string GenerationId { get; init; }

    public string Version { get; init; }

    public string? Description { get; init; }

    public GenerationStatus Status { get; init; }

    public string? PipelineTemplate { get; init; }

    public int Revision { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? PromotedAt { get; init; }

    public string? PromotedBy { get; init; }

    /// <summary>Prefix of the git tags of this generation, for monorepos (<c>api/</c> → <c>api/v1.2.0</c>).</summary>
    public string TagPrefix { get; init; } = "";

    /// <summary>When a promoted release was withdrawn (<see cref="GenerationStatus.Revoked"/>), by whom and why.</summary>
    public DateTimeOffset? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    public string? RevokedReason { get; init; }

    /// <summary>config.yaml's <c>tag_format</c> as stored with the generation: <c>v{version}</c> or <c>{version}</c>.</summary>
    internal string TagFormatTemplate { get; init; } = TagFormat.DefaultTemplate;

    /// <summary>The git tag this row was rebuilt from in a fresh clone; null when this database recorded it.</summary>
    internal string? ImportedFrom { get; init; }

    /// <summary>How this generation's tags are named.</summary>
    internal TagFormat Tags => TagFormat.Of(TagPrefix, TagFormatTemplate);

    /// <summary>The final release tag.</summary>
    public string ReleaseTag => Tags.Release(SemanticVersion.Parse(Version));

    /// <summary>The tag of release candidate <paramref name="rcNumber"/>.</summary>
    public string RcTag(int rcNumber) => Tags.Rc(SemanticVersion.Parse(Version), rcNumber);

    /// <summary>Loads generation <paramref name="version"/> through any <see cref="IData"/> (e.g. in a custom gate or tool).</summary>
    public static Generation Load(IData data, string version)
    {
        ArgumentNullException.ThrowIfNull(data);
        var canonical = SemanticVersion.Parse(version).ToString();
        var rows = data.Query(Storage.GenerationStore.SelectByVersion, canonical);
        if (rows.Count == 0) throw new NotFoundException($"generation {canonical} not found");
        var row = rows[0];
        DateTimeOffset? Time(string column) => row[column] is string text ? Timestamps.Parse(text) : null;
        return new Generation(
            (string)row["generation_id"]!, (string)row["version"]!, row["description"] as string,
            GenerationStatuses.Parse((string)row["status"]!), row["pipeline_template"] as string,
            Convert.ToInt32(row["revision"], System.Globalization.CultureInfo.InvariantCulture),
            Time("created_at")!.Value, Time("promoted_at"), row["promoted_by"] as string)
        {
            TagPrefix = row["tag_prefix"] as string ?? "",
            TagFormatTemplate = row["tag_format"] as string ?? TagFormat.DefaultTemplate,
            ImportedFrom = row["imported_from"] as string,
            RevokedAt = Time("revoked_at"),
            RevokedBy = row["revoked_by"] as string,
            RevokedReason = row["revoked_reason"] as string,
        };
    }
}
