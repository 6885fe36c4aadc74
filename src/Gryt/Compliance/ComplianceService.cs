using System.Globalization;
using Gryt.Audit;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Provenance;
using Gryt.Snapshots;
using Gryt.Storage;

namespace Gryt.Compliance;

/// <summary>
/// Builds the NIST SP 800-161 (C-SCRM) compliance report: every number is computed from the
/// database, the snapshot folder and the release files, and every control is judged by checks
/// the records either satisfy or not. Nothing is claimed that the records do not show.
/// </summary>
public sealed class ComplianceService(GrytProject project, GrytDatabase database, GrytContext context)
{
    /// <summary>A snapshot older than this does not count as a recent backup (CP-9).</summary>
    public const int SnapshotMaxAgeDays = 90;

    public ComplianceReport Build()
    {
        var store = new ComplianceStore(database);
        var generations = store.Generations();
        var changes = store.Changes();
        var evolutions = store.Evolutions();
        var runs = store.Runs();
        var audit = store.Audit();
        var chain = AuditChain.Verify(database);
        var snapshots = Snapshots();
        var policies = store.Policies(PolicyFile.Load(project).Count);
        var releases = store.Releases().Select(r =>
        {
            var path = ProvenanceWriter.PathFor(project, r.Version);
            return r with { Provenance = File.Exists(path) ? project.Shown(path) : null };
        }).ToList();

        var families = new List<ControlFamily>
        {
            ChangeManagement(generations, changes, releases),
            Testing(evolutions, runs),
            AuditTrail(audit, chain),
            Recovery(snapshots),
            Provenance(generations, releases),
            PolicyEnforcement(policies),
        };
        return new ComplianceReport(context.Now, context.Actor, GrytVersion.Current, Path.GetFileName(project.Root), generations, changes,
            evolutions, runs, audit, chain, snapshots, policies, releases, families) { ProjectRoot = project.Root };
    }

    private static ControlFamily ChangeManagement(GenerationFacts g, ChangeFacts c, List<ReleaseFacts> releases) => new(
        "change-management", "Change management", "CM-3, CM-5",
        $"{N(g.Total)} generation(s) ({N(g.Draft)} draft, {N(g.Promoted)} promoted, {N(g.Abandoned)} abandoned, {N(g.Hotfixes)} hotfix(es)) declaring {N(c.Total)} change(s): "
        + $"{N(c.Add)} add, {N(c.Fix)} fix, {N(c.Refine)} refine, {N(c.Remove)} remove. Promoted releases proved {N(releases.Sum(r => r.ChangesProven))} change(s) in total.",
        [
            new("CM-3", "Changes are declared in release contracts before release", g.Total > 0 && c.Total > 0,
                $"{N(g.Total)} generation(s), {N(c.Total)} declared change(s)", "declare releases with gryt generation new and list their changes in the contract"),
            new("CM-3", "Every promoted release had all of its changes proven", g.Promoted > 0 && g.PromotedNotFullyProven == 0,
                g.Promoted == 0 ? "no release has been promoted" : $"{N(g.Promoted - g.PromotedNotFullyProven)} of {N(g.Promoted)} promoted release(s) fully proven",
                g.Promoted == 0 ? "promote a release through its gates (gryt generation promote)" : "investigate releases promoted with unproven changes"),
            new("CM-5", "Every promotion records who promoted it and the commit it tagged", g.Promoted > 0 && g.PromotedWithoutActorOrCommit == 0,
                g.Promoted == 0 ? "no release has been promoted" : $"{N(g.PromotedWithoutActorOrCommit)} promotion(s) without actor or commit",
                "promote only with gryt, which records the actor (GRYT_ACTOR or the git user) and the tagged commit"),
        ]);

    private static ControlFamily Testing(EvolutionFacts e, RunFacts r) => new(
        "testing", "Testing and validation", "SA-11",
        $"{N(e.Total)} evolution(s): {N(e.Passed)} passed, {N(e.Failed)} failed, {N(e.Interrupted)} interrupted, {N(e.Open)} open; evolution pass rate {Percent(e.PassRate)}. "
        + $"{N(r.Total)} pipeline run(s) with {N(r.Steps)} step(s) ({N(r.StepsFailed)} failed); run pass rate {Percent(r.PassRate)}. "
        + $"{N(e.FailedAttemptsResolved)} of {N(e.FailedAttempts)} failed attempt(s) were resolved by a later passing evolution.",
        [
            new("SA-11", "Changes are proven by recorded pipeline runs", e.Passed > 0 && e.PassedWithoutRun == 0,
                e.Passed == 0 ? "no passing evolution" : $"{N(e.Passed - e.PassedWithoutRun)} of {N(e.Passed)} passing evolution(s) bound to a run",
                "prove changes with gryt evolution start and gryt run"),
            new("SA-11", "No promoted release carries an unresolved failed evolution", e.UnresolvedInPromoted == 0,
                $"{N(e.UnresolvedInPromoted)} unresolved failed attempt(s) in promoted releases", "fix and re-prove the failing changes before promotion"),
            new("SA-11", "Proving runs tested committed code", r.DirtyProvingRuns == 0,
                $"{N(r.DirtyProvingRuns)} passing evolution run(s) on a working tree with uncommitted changes ({N(r.Dirty)} dirty run(s) in all)",
                "set evolution.require_clean: true in .gryt/config.yaml"),
        ]);

    private static ControlFamily AuditTrail(AuditFacts a, ChainVerification chain) => new(
        "audit", "Audit trail completeness", "AU-2, AU-9, AU-10",
        $"{N(a.Events)} audit event(s) by {N(a.Actors)} actor(s); hash chain "
        + (chain.FirstBreak is { } b ? $"BROKEN at event #{b.Seq} ({b.EventType}, {b.Timestamp}): {b.Message}." : "verified end to end."),
        [
            new("AU-2", "Release events are logged", a.Events > 0, $"{N(a.Events)} event(s)", "use gryt to create, prove and promote releases; each step is logged"),
            new("AU-9", "The audit log is protected: its hash chain verifies", chain.Intact,
                chain.FirstBreak is { } broken ? $"first broken event #{broken.Seq} {broken.EventId} ({broken.KindWord})" : $"{N(chain.Events)} event(s) verified",
                "restore the database from a snapshot taken before the tampering (gryt audit rollback) and investigate who changed it"),
            new("AU-10", "Every event names who acted", a.Events > 0 && a.EventsWithoutActor == 0,
                $"{N(a.EventsWithoutActor)} event(s) without an actor", "set GRYT_ACTOR in CI, or a git user.name and user.email"),
        ]);

    private static ControlFamily Recovery(SnapshotFacts s) => new(
        "recovery", "Rollback capability", "CP-9, CP-10",
        s.Total == 0 ? "No snapshot of the database exists."
            : $"{s.Total} snapshot(s), {s.BeforePromotion} taken automatically before a promotion; the newest ({s.NewestId}) is {Days(s.NewestAgeDays)} old.",
        [
            new("CP-9", "The database is backed up", s.Total > 0, $"{s.Total} snapshot(s)", "take one with gryt audit snapshot, and keep snapshots.before_promotion on"),
            new("CP-9", $"A snapshot was taken in the last {SnapshotMaxAgeDays} days", s.NewestAgeDays is { } age && age <= SnapshotMaxAgeDays,
                s.NewestAgeDays is null ? "no snapshot" : $"newest snapshot is {Days(s.NewestAgeDays)} old", $"no snapshot in {SnapshotMaxAgeDays} days: take one with gryt audit snapshot"),
            new("CP-10", "The newest snapshot can be restored (file present, SHA-256 and integrity verified)", s.Total > 0 && s.NewestProblem is null,
                s.Total == 0 ? "no snapshot" : s.NewestProblem ?? $"{s.NewestId} verified; {s.Unusable} snapshot(s) with a missing file or failed integrity check",
                "take a new snapshot; move damaged ones out of .gryt/snapshots"),
        ]);

    private static ControlFamily Provenance(GenerationFacts g, List<ReleaseFacts> releases)
    {
        var withProvenance = releases.Count(r => r.Provenance is not null);
        var tagged = releases.Count(r => r.Commit is not null);
        return new ControlFamily(
            "provenance", "Supply chain provenance", "SR-3, SR-4",
            $"{releases.Count} promoted release(s); {tagged} tagged at a recorded commit; {withProvenance} with an in-toto/SLSA provenance statement.",
            [
                new("SR-3", "Every promoted release is tagged at the commit its evolutions tested", g.Promoted > 0 && tagged == releases.Count,
                    g.Promoted == 0 ? "no release has been promoted" : $"{tagged} of {releases.Count} release(s) with a tagged commit", "promote releases with gryt, which tags the tested commit"),
                new("SR-4", "Every promoted release has a provenance statement", g.Promoted > 0 && withProvenance == releases.Count,
                    g.Promoted == 0 ? "no release has been promoted" : $"{withProvenance} of {releases.Count} release(s) with .gryt/releases/VERSION.intoto.json",
                    "promote with this version of gryt, which writes the statement; keep .gryt/releases/ in version control"),
            ]);
    }

    private static ControlFamily PolicyEnforcement(PolicyFacts p) => new(
        "policy", "Policy enforcement", "SA-15, CM-4",
        $"{p.Defined} polic(ies) defined; {N(p.ChecksPassed)} check(s) passed and {N(p.ChecksFailed)} violation(s) blocked an evolution; "
        + $"{N(p.PromotedChangesWithoutPolicyCheck)} promoted change(s) without a passing policy check.",
        [
            new("SA-15", "Development policies are defined", p.Defined > 0, $"{p.Defined} polic(ies) in .gryt/policy.yaml", "define required steps per change type in .gryt/policy.yaml"),
            new("SA-15", "Policies are checked when changes are proven", p.ChecksPassed + p.ChecksFailed > 0,
                $"{N(p.ChecksPassed + p.ChecksFailed)} policy check(s) recorded", "define policies that apply to your change types"),
            new("CM-4", "Every promoted change was covered by a policy check", p.PromotedChangesWithoutPolicyCheck == 0,
                $"{N(p.PromotedChangesWithoutPolicyCheck)} promoted change(s) without one", "make policies apply to every change type (applies_to) before promoting"),
        ]);

    private SnapshotFacts Snapshots()
    {
        var service = new SnapshotService(project, database, context);
        var list = service.List();
        if (list.Count == 0) return new SnapshotFacts(0, 0, 0, null, null, null, null);
        var newest = list[0];
        string? problem = null;
        try
        {
            service.Verify(newest.SnapshotId);
        }
        catch (GrytException ex)
        {
            problem = ex.Message;
        }

        var unusable = list.Count(s => !s.FileExists || s.Integrity != "ok");
        return new SnapshotFacts(list.Count, list.Count(s => s.Reason == SnapshotReasons.BeforePromotion), unusable, newest.CreatedAt,
            Math.Max(0, (context.Now - newest.CreatedAt).TotalDays), newest.SnapshotId, problem);
    }

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Percent(double? ratio) => ratio is { } r ? (100 * r).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Days(double? days) => days is not { } d ? "n/a" : d < 1 ? "less than a day" : Math.Floor(d).ToString(CultureInfo.InvariantCulture) + " day(s)";
}
