namespace Gryt.Storage;

// The rows ExportStore reads; `audit export` writes them as they are (AuditJsonContext).

/// <summary>What an export covers, counted before writing so a reader sees it first.</summary>
internal sealed record ExportSummary(long Generations, long Promoted, long Evolutions, long Passed, long Failed, long EvolutionsWithRuns);

/// <summary>A generation as exported; times are the stored UTC ISO-8601 text.</summary>
internal sealed record ExportGeneration(
    string GenerationId, string Version, string? Description, string Status, string? PipelineTemplate, string TagPrefix, int Revision,
    string CreatedAt, string? CreatedBy, string? PromotedAt, string? PromotedBy, string? PromotedCommit, string? BaseVersion)
{
    public string ReleaseTag => TagFormat.Of(TagPrefix, TagTemplate).Release(SemanticVersion.Parse(Version));

    /// <summary>config.yaml's <c>tag_format</c> as stored with the generation.</summary>
    public string TagTemplate { get; init; } = TagFormat.DefaultTemplate;

    /// <summary>A revoked release was promoted, then withdrawn: when, by whom and why.</summary>
    public string? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    public string? RevokedReason { get; init; }

    /// <summary>The gate results recorded with the promotion (the <c>generation.promoted</c> audit event).</summary>
    public IReadOnlyList<ExportGate> Gates { get; init; } = [];

    public bool WasPromoted => Status is "promoted" or "revoked";
}

/// <summary>One promotion gate's result, as the promotion recorded it.</summary>
internal sealed record ExportGate(string Gate, bool Passed, string? Message);

internal sealed record ExportChange(string ChangeId, string Type, string Title, string? Description, string? Pipeline);

internal sealed record ExportRun(
    string RunId, string PipelineName, string Status, string? CommitSha, bool Dirty, string StartedAt, string? EndedAt, long? ExitCode, string? Actor, string? Host);

internal sealed record ExportEvolution(
    string EvolutionId, int RcNumber, string Tag, string Status, string? PipelineName, string? CommitSha, string StartedAt, string? CompletedAt,
    string? CreatedBy, IReadOnlyList<string> ChangeIds, ExportRun? Run)
{
    /// <summary>Why the evolution failed when no step did (a dirty tree, an rc tag gryt does not own).</summary>
    public string? Reason { get; init; }

    /// <summary>A passing evolution whose run tested a working tree with uncommitted changes.</summary>
    public bool DirtyProof => Status == "pass" && Run is { Dirty: true };
}

internal sealed record ExportStep(
    string StepRunId, string StepName, string Status, long? ExitCode, long Attempts, string? StartedAt, string? EndedAt, long? DurationMs, string? LogPath)
{
    /// <summary>The command the step ran (secrets masked), <c>uses: KIND</c> for a built-in step; null for a custom step or an older run.</summary>
    public string? Command { get; init; }
}

/// <summary>A metric (coverage, test counts) or an artifact a run recorded.</summary>
internal sealed record ExportMetric(string DataRowId, string? StepName, string? Name, double? Value, string? Source, string? ArtifactPath, string CreatedAt);

/// <summary>A policy check made when an evolution started: which policy, for which change, and what was missing.</summary>
internal sealed record ExportPolicyCheck(string CheckId, string PolicyName, string? ChangeId, string? EvolutionTag, string? PipelineName, bool Passed, string? MissingSteps, string CheckedAt);
