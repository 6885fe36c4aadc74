namespace Gryt.Contracts;

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
internal sealed record GenerationSummary(Generation Generation, int ChangesTotal, int ChangesProven, int Evolutions);

/// <summary>A generation with its changes, as <c>generation show</c> presents it.</summary>
internal sealed record GenerationDetails(Generation Generation, IReadOnlyList<Change> Changes, string FilePath);

/// <summary>
/// One line of the <c>generation list</c> table: only what it shows, times as stored (UTC ISO-8601),
/// so that listing thousands of generations reads and allocates little.
/// </summary>
internal sealed record GenerationRow(string Version, GenerationStatus Status, int ChangesProven, int ChangesTotal, int Evolutions, string CreatedAt, string? PromotedAt);
