namespace Gryt.Compliance;

public sealed record GenerationFacts(long Total, long Draft, long Promoted, long Abandoned, long Hotfixes, long PromotedNotFullyProven, long PromotedWithoutActorOrCommit);

public sealed record ChangeFacts(long Total, long Add, long Fix, long Refine, long Remove);

/// <summary>Evolutions by status, and failed (evolution, change) pairs: how many a later pass resolved,
/// and how many stand unresolved in a promoted release.</summary>
public sealed record EvolutionFacts(
    long Total, long Passed, long Failed, long Interrupted, long Open, long PassedWithoutRun,
    long FailedAttempts, long FailedAttemptsResolved, long UnresolvedInPromoted)
{
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);
}

public sealed record RunFacts(long Total, long Passed, long Failed, long Interrupted, long Dirty, long DirtyProvingRuns, long Steps, long StepsFailed)
{
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);
}

public sealed record AuditFacts(long Events, long EventsWithoutActor, long Actors);

public sealed record PolicyFacts(int Defined, long ChecksPassed, long ChecksFailed, long PromotedChangesWithoutPolicyCheck);

public sealed record SnapshotFacts(int Total, int BeforePromotion, int Unusable, DateTimeOffset? Newest, double? NewestAgeDays, string? NewestId, string? NewestProblem);

/// <summary>One promoted release: what it declared and proved, and where its provenance is.</summary>
public sealed record ReleaseFacts(
    string Version, string Tag, string? PromotedAt, string? PromotedBy, string? Commit, int Changes, int ChangesProven, int PassingEvolutions, string? HotfixOf)
{
    /// <summary>The provenance file relative to the project root, when it exists.</summary>
    public string? Provenance { get; init; }
}
