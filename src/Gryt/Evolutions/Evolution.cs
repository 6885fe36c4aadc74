namespace Gryt.Evolutions;

/// <summary>One attempt to prove changes of a generation: release candidate <see cref="RcNumber"/>.</summary>
internal sealed record Evolution(
    string EvolutionId,
    string GenerationId,
    string Version,
    int RcNumber,
    string Tag,
    RunStatus Status,
    IReadOnlyList<string> ChangeIds,
    string? PipelineName,
    string? RunId,
    string? CommitSha,
    DateTimeOffset StartedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>Why it failed or proved nothing for a cause outside its steps (a dirty tree, a foreign rc tag).</summary>
    public string? Reason { get; init; }
}
