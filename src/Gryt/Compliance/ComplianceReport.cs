using Gryt.Audit;
using Gryt.Storage;

namespace Gryt.Compliance;

/// <summary>One check of a control: whether the records show it, the evidence (numbers from the database), and what to do if not.</summary>
internal sealed record ComplianceCheck(string Control, string Requirement, bool Passed, string Evidence, string Remedy);

/// <summary>A section of the report: a NIST SP 800-53 control family as SP 800-161 applies it to the supply chain.</summary>
internal sealed record ControlFamily(string Key, string Title, string Controls, string Summary, IReadOnlyList<ComplianceCheck> Checks)
{
    public int Passed => Checks.Count(c => c.Passed);

    /// <summary>Share of the family's checks the records satisfy, 0–100.</summary>
    public int Score => Checks.Count == 0 ? 0 : (int)Math.Round(100.0 * Passed / Checks.Count, MidpointRounding.AwayFromZero);

    public string Status => Passed == Checks.Count ? "met" : Passed == 0 ? "not met" : "partly met";
}

/// <summary>The NIST SP 800-161 (C-SCRM) report of a project, computed from its database.</summary>
internal sealed record ComplianceReport(
    DateTimeOffset GeneratedAt,
    string GeneratedBy,
    string GrytVersion,
    string Project,
    GenerationFacts Generations,
    ChangeFacts Changes,
    EvolutionFacts Evolutions,
    RunFacts Runs,
    AuditFacts Audit,
    ChainVerification Chain,
    SnapshotFacts Snapshots,
    PolicyFacts Policies,
    IReadOnlyList<ReleaseFacts> Releases,
    IReadOnlyList<ControlFamily> Families)
{
    /// <summary>The project's root folder, to link files shown relative to it.</summary>
    public string? ProjectRoot { get; init; }

    /// <summary>The database the report was computed from, which no report may be written over.</summary>
    public string? DatabasePath { get; init; }

    public int Passed => Families.Sum(f => f.Passed);

    public int Total => Families.Sum(f => f.Checks.Count);

    public int Score => Total == 0 ? 0 : (int)Math.Round(100.0 * Passed / Total, MidpointRounding.AwayFromZero);

    /// <summary>What is missing: each failed check's remedy, in report order.</summary>
    public IEnumerable<ComplianceCheck> Missing => Families.SelectMany(f => f.Checks).Where(c => !c.Passed);
}
