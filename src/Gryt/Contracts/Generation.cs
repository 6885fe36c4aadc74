using Gryt.Contracts;

namespace Gryt;

/// <summary>A release contract as stored: a version and the changes it must contain.</summary>
public sealed record Generation
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

    /// <summary>The final release tag.</summary>
    public string ReleaseTag => TagPrefix + Version;

    /// <summary>The tag of release candidate <paramref name="rcNumber"/>.</summary>
    public string RcTag(int rcNumber) => $"{TagPrefix}{Version}-rc.{rcNumber}";

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
            RevokedAt = Time("revoked_at"),
            RevokedBy = row["revoked_by"] as string,
            RevokedReason = row["revoked_reason"] as string,
        };
    }

    /// <summary>
    /// Promotes this generation (SPEC §6) exactly as <c>gryt generation promote</c> does (see
    /// <see cref="Promotion.ReleasePromotion"/>): the project's gates (default, config.yaml's metric and
    /// file gates) plus <paramref name="gates"/> must all pass; then a snapshot when configured, the tag
    /// (unless <paramref name="autoTag"/> is false), release notes, provenance, the record and the
    /// <c>generation_promoted</c> hooks (failures in <see cref="Promotion.PromotionResult.HookFailures"/>).
    /// <paramref name="data"/> is the project's database (promotion writes to it, so a read-only <see cref="IData"/>
    /// will not do); git and the project are found from its folder; hook variables and GRYT_PACKAGE_SOURCE come from this process's environment.
    /// </summary>
    public Promotion.PromotionResult Promote(SqliteData data, IReadOnlyList<PromotionGate>? gates = null, bool autoTag = true, GrytContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var project = Project.GrytProject.Find(Path.GetDirectoryName(data.Database.Path)!);
        context ??= new GrytContext(TimeProvider.System, () => GrytHost.Current.Git(project.Root).UserIdentity() ?? System.Environment.UserName);
        var host = context.Host;
        var git = host.Git(project.Root);
        Func<string, string?> variable = name => host.Environment.TryGetValue(name, out var value) ? value : null;
        var packageSource = Pipelines.Loading.PipelineFiles.PackageSource(variable, AppContext.BaseDirectory);
        return new Promotion.ReleasePromotion(project, data.Database, context, git, variable, packageSource)
            .Promote(new Promotion.PromotionRequest(Version) { CreateTag = autoTag, ExtraGates = gates ?? [] }, data);
    }
}
