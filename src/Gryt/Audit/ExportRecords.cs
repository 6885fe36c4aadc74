namespace Gryt.Audit;

/// <summary>What an export covers, counted before writing so a reader sees it first.</summary>
public sealed record ExportSummary(long Generations, long Promoted, long Evolutions, long Passed, long Failed, long EvolutionsWithRuns);

/// <summary>A generation as exported; times are the stored UTC ISO-8601 text.</summary>
public sealed record ExportGeneration(
    string GenerationId, string Version, string? Description, string Status, string? PipelineTemplate, string TagPrefix, int Revision,
    string CreatedAt, string? CreatedBy, string? PromotedAt, string? PromotedBy, string? PromotedCommit, string? BaseVersion)
{
    public string ReleaseTag => TagPrefix + Version;
}

public sealed record ExportChange(string ChangeId, string Type, string Title, string? Description, string? Pipeline);

public sealed record ExportRun(
    string RunId, string PipelineName, string Status, string? CommitSha, bool Dirty, string StartedAt, string? EndedAt, long? ExitCode, string? Actor, string? Host);

public sealed record ExportEvolution(
    string EvolutionId, int RcNumber, string Tag, string Status, string? PipelineName, string? CommitSha, string StartedAt, string? CompletedAt,
    string? CreatedBy, IReadOnlyList<string> ChangeIds, ExportRun? Run);

public sealed record ExportStep(
    string StepRunId, string StepName, string Status, long? ExitCode, long Attempts, string? StartedAt, string? EndedAt, long? DurationMs, string? LogPath);

/// <summary>The header of an export: when, by whom, with which gryt and filters, and the chain's state.</summary>
public sealed record ExportHeader(string ExportedAt, string ExportedBy, string GrytVersion, string? Since, string? Version, ExportSummary Summary, ChainVerification Chain);
