namespace Gryt.Storage;

// The facts ComplianceStore reads for a compliance report.

/// <summary>Generations by status. <see cref="Promoted"/> counts every release that was promoted, revoked ones too;
/// <see cref="Revoked"/> says how many of those were withdrawn since.</summary>
internal sealed record GenerationFacts(long Total, long Draft, long Promoted, long Abandoned, long Hotfixes, long PromotedNotFullyProven, long PromotedWithoutActorOrCommit)
{
    public long Revoked { get; init; }

    /// <summary>The distinct names promotions recorded as their actor: self-declared (GRYT_ACTOR or git config).</summary>
    public IReadOnlyList<string> Promoters { get; init; } = [];

    /// <summary>Promotions a sync server authorised (its compare-and-swap, a key with role release).</summary>
    public long PromotedAuthorisedByServer { get; init; }
}

internal sealed record ChangeFacts(long Total, long Add, long Fix, long Refine, long Remove);

/// <summary>Evolutions by status, and failed (evolution, change) pairs: how many a later pass resolved,
/// and how many stand unresolved in a promoted release.</summary>
internal sealed record EvolutionFacts(
    long Total, long Passed, long Failed, long Interrupted, long Open, long PassedWithoutRun,
    long FailedAttempts, long FailedAttemptsResolved, long UnresolvedInPromoted)
{
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);
}

internal sealed record RunFacts(long Total, long Passed, long Failed, long Interrupted, long Dirty, long DirtyProvingRuns, long Steps, long StepsFailed)
{
    public double? PassRate => Passed + Failed == 0 ? null : (double)Passed / (Passed + Failed);
}

internal sealed record AuditFacts(long Events, long EventsWithoutActor, long Actors);

internal sealed record PolicyFacts(int Defined, long ChecksPassed, long ChecksFailed, long PromotedChangesWithoutPolicyCheck);

/// <summary>One promoted (possibly since revoked) release: what it declared and proved, and where its provenance is.</summary>
internal sealed record ReleaseFacts(
    string Version, string Tag, string? PromotedAt, string? PromotedBy, string? Commit, int Changes, int ChangesProven, int PassingEvolutions, string? HotfixOf)
{
    /// <summary>The provenance file relative to the project root, when it exists.</summary>
    public string? Provenance { get; init; }

    /// <summary>SHA-256 of the provenance file, so a reader can check the file the report saw.</summary>
    public string? ProvenanceSha256 { get; init; }

    /// <summary>What is wrong with the release's SBOM (missing, another version or commit); null when it holds.</summary>
    public string? SbomProblem { get; init; }

    /// <summary>The release notes file relative to the project root, when it exists.</summary>
    public string? Notes { get; init; }

    public string? RevokedAt { get; init; }

    public string? RevokedBy { get; init; }

    public string? RevokedReason { get; init; }

    public bool Revoked => RevokedAt is not null;

    /// <summary>Passing evolutions whose run tested a working tree with uncommitted changes.</summary>
    public int DirtyProofs { get; init; }

    /// <summary>The gate results the promotion recorded (its audit event), in order.</summary>
    public IReadOnlyList<ExportGate> Gates { get; init; } = [];

    /// <summary>The metrics (coverage, test counts) the proving runs recorded: the latest value of each name.</summary>
    public IReadOnlyList<ReleaseMetric> Metrics { get; init; } = [];

    /// <summary>What git says about the release tag at report time: null when it exists at <see cref="Commit"/>, else the problem.</summary>
    public string? TagProblem { get; init; }
}

/// <summary>A metric of a release's proving runs.</summary>
internal sealed record ReleaseMetric(string Name, double Value);

/// <summary>A release candidate tag gryt created for a passing evolution, and the commit the evolution tested.</summary>
internal sealed record CandidateTag(string Version, string Tag, string Commit);
