namespace Gryt.Contracts;

/// <summary>One declared change of a generation, with whether it has been proven.</summary>
public sealed record Change
{
    // Built by the library only: readers get the values, not a long constructor.
    internal Change(string changeId, ChangeType type, string title, string? description, string? pipeline, ChangeState state, int passedEvolutions, int failedEvolutions)
    {
        ChangeId = changeId;
        Type = type;
        Title = title;
        Description = description;
        Pipeline = pipeline;
        State = state;
        PassedEvolutions = passedEvolutions;
        FailedEvolutions = failedEvolutions;
    }

    public string ChangeId { get; init; }

    public ChangeType Type { get; init; }

    public string Title { get; init; }

    public string? Description { get; init; }

    public string? Pipeline { get; init; }

    public ChangeState State { get; init; }

    public int PassedEvolutions { get; init; }

    public int FailedEvolutions { get; init; }
}

/// <summary>A row of <c>generation list</c>: a generation with its progress counts.</summary>
internal sealed record GenerationSummary(Generation Generation, int ChangesTotal, int ChangesProven, int Evolutions);

/// <summary>A generation with its changes, as <c>generation show</c> presents it.</summary>
internal sealed record GenerationDetails(Generation Generation, IReadOnlyList<Change> Changes, string FilePath);

/// <summary>
/// One line of the <c>generation list</c> table: only what it shows, times as stored (UTC ISO-8601),
/// so that listing thousands of generations reads and allocates little.
/// </summary>
internal sealed record GenerationRow(string Version, GenerationStatus Status, int ChangesProven, int ChangesTotal, int Evolutions, string CreatedAt, string? PromotedAt);
