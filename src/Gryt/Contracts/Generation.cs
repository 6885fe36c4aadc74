namespace Gryt.Contracts;

/// <summary>A release contract as stored: a version and the changes it must contain.</summary>
public sealed record Generation(
    string GenerationId,
    string Version,
    string? Description,
    GenerationStatus Status,
    string? PipelineTemplate,
    int Revision,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PromotedAt,
    string? PromotedBy)
{
    /// <summary>Prefix of the git tags of this generation, for monorepos (<c>api/</c> → <c>api/v1.2.0</c>).</summary>
    public string TagPrefix { get; init; } = "";

    /// <summary>The final release tag.</summary>
    public string ReleaseTag => TagPrefix + Version;

    /// <summary>The tag of release candidate <paramref name="rcNumber"/>.</summary>
    public string RcTag(int rcNumber) => $"{TagPrefix}{Version}-rc.{rcNumber}";
}

/// <summary>One declared change of a generation, with whether it has been proven.</summary>
public sealed record Change(
    string ChangeId,
    ChangeType Type,
    string Title,
    string? Description,
    string? Pipeline,
    ChangeState State,
    int PassedEvolutions,
    int FailedEvolutions);

/// <summary>A row of <c>generation list</c>: a generation with its progress counts.</summary>
public sealed record GenerationSummary(Generation Generation, int ChangesTotal, int ChangesProven, int Evolutions);

/// <summary>A generation with its changes, as <c>generation show</c> presents it.</summary>
public sealed record GenerationDetails(Generation Generation, IReadOnlyList<Change> Changes, string FilePath);
