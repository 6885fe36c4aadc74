using System.Globalization;
using Gryt.Audit;
using Gryt.Evidence;
using Gryt.Git;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Promotion;
using Gryt.Snapshots;
using Gryt.Storage;

namespace Gryt.Compliance;

/// <summary>
/// Builds the NIST SP 800-161 (C-SCRM) compliance report: every number is computed from the
/// database, the snapshot folder and the release files, and every control is judged by checks
/// the records either satisfy or not. Nothing is claimed that the records do not show.
/// </summary>
internal sealed class ComplianceService(GrytProject project, GrytDatabase database, GrytContext context)
{
    /// <summary>A snapshot older than this does not count as a recent backup (CP-9).</summary>
    public const int SnapshotMaxAgeDays = 90;

    /// <summary>How many problems a check's evidence names before "and N more".</summary>
    private const int ProblemsShown = 5;

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
        // Git is read now, not trusted from the records: a deleted or moved tag fails SR-3 (docs/compliance.md).
        var tags = new GitClient(project.Root).TagCommits();
        var metrics = store.ReleaseMetrics();
        // A clone has the evidence notes but not the local release files: read only when a file is missing, and then every note at once.
        var noted = new Lazy<ILookup<(string Tag, string Commit), EvidenceNote>>(() => new GitClient(project.Root).Notes(GitClient.EvidenceNotesRef).Values
            .Select(EvidenceNote.Parse).OfType<EvidenceNote>().ToLookup(n => (n.Tag, n.Commit)));
        var releases = store.Releases().Select(r =>
        {
            var sbom = SbomWriter.PathFor(project, r.Version);
            var path = ProvenanceWriter.PathFor(project, r.Version);
            var notes = Path.Combine(project.GrytFolder, "releases", r.Version + ".md");
            var exists = File.Exists(path);
            return r with
            {
                Provenance = exists ? project.Shown(path) : null,
                ProvenanceSha256 = exists ? Sha256.OfFile(path) : null,
                SbomProblem = File.Exists(sbom) || r.Commit is null || noted.Value[(r.Tag, r.Commit)].FirstOrDefault(n => n.Sbom is not null) is not { } note
                    ? SbomCheck.Problem(sbom, r.Version, r.Commit)
                    : SbomCheck.Problem(System.Text.Encoding.UTF8.GetBytes(note.Sbom!), r.Version, r.Commit),
                Notes = File.Exists(notes) ? project.Shown(notes) : null,
                TagProblem = TagProblem(tags, r.Tag, r.Commit),
                Metrics = metrics.GetValueOrDefault(r.Version) ?? [],
            };
        }).ToList();
        var candidates = store.CandidateTags();
        var candidateProblems = tags is null ? [] : candidates
            .Select(c => TagProblem(tags, c.Tag, c.Commit) is { } problem ? $"{c.Tag}: {problem}" : null)
            .OfType<string>().ToList();

        var signing = Signing(releases, noted);
        var families = new List<ControlFamily>
        {
            ChangeManagement(generations, changes, releases),
            Testing(evolutions, runs),
            AuditTrail(audit, chain),
            Recovery(snapshots),
            Provenance(generations, releases, tags is not null, candidates.Count, candidateProblems, signing),
            PolicyEnforcement(policies),
        };
        return new ComplianceReport(context.Now, context.Actor, GrytVersion.Current, Path.GetFileName(project.Root), generations, changes,
            evolutions, runs, audit, chain, snapshots, policies, releases, families) { ProjectRoot = project.Root, DatabasePath = database.Path };
    }

    /// <summary>Signed or not, read from each release's DSSE envelope (the local file, else the evidence note in git: a clone
    /// has the note but not the file); and <c>gryt release verify</c> of the newest release (each verification asks git and keys a few times).</summary>
    private SigningFacts Signing(List<ReleaseFacts> releases, Lazy<ILookup<(string Tag, string Commit), EvidenceNote>> noted)
    {
        var unsigned = new List<string>();
        foreach (var release in releases)
        {
            var path = ProvenanceWriter.EnvelopePathFor(project, release.Version);
            var envelope = File.Exists(path) ? EnvelopeFile(path)
                : release.Commit is null ? null
                : noted.Value[(release.Tag, release.Commit)].Select(n => n.Envelope).FirstOrDefault(e => e.Signatures.Count > 0);
            if (envelope is not { Signatures.Count: > 0 }) unsigned.Add(release.Tag);
        }

        var newest = releases.Where(r => !r.Revoked).OrderByDescending(r => r.PromotedAt, StringComparer.Ordinal).FirstOrDefault();
        ReleaseVerificationResult? verified = null;
        if (newest is not null)
        {
            try
            {
                verified = new ReleaseVerification(project, new GitClient(project.Root), database, context.Host.Environment.GetValueOrDefault).Verify(newest.Version);
            }
            catch (GrytException)
            {
            }
        }

        return new SigningFacts(unsigned, newest?.Tag, verified);
    }

    private static DsseEnvelope? EnvelopeFile(string path)
    {
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
            return DsseEnvelope.Read(document.RootElement);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private sealed record SigningFacts(List<string> Unsigned, string? Newest, ReleaseVerificationResult? Verified);

    /// <summary>Null when git has <paramref name="tag"/> at <paramref name="commit"/>; else what is wrong, in a few words.</summary>
    private static string? TagProblem(IReadOnlyDictionary<string, string>? tags, string tag, string? commit)
    {
        if (tags is null) return "git could not be read";
        if (commit is null) return "no commit recorded";
        if (!tags.TryGetValue(tag, out var actual)) return "tag missing in git";
        return string.Equals(actual, commit, StringComparison.OrdinalIgnoreCase) ? null : $"tag points at {Short(actual)}, the record says {Short(commit)}";
    }

    private static string Short(string sha) => sha[..Math.Min(12, sha.Length)];

    private static string Problems(List<string> problems) =>
        string.Join("; ", problems.Take(ProblemsShown)) + (problems.Count > ProblemsShown ? $"; and {problems.Count - ProblemsShown} more" : "");

    private static ControlFamily ChangeManagement(GenerationFacts g, ChangeFacts c, List<ReleaseFacts> releases)
    {
        var revoked = releases.Where(r => r.Revoked).ToList();
        return new ControlFamily(
            "change-management", "Change management", "CM-3, CM-5",
            $"{C(g.Total, "generation")} ({N(g.Draft)} draft, {N(g.Promoted - g.Revoked)} promoted, {N(g.Revoked)} revoked, {N(g.Abandoned)} abandoned, {C(g.Hotfixes, "hotfix")}) "
            + $"declaring {C(c.Total, "change")}: {N(c.Add)} add, {N(c.Fix)} fix, {N(c.Refine)} refine, {N(c.Remove)} remove. "
            + $"Promoted releases proved {C(releases.Sum(r => r.ChangesProven), "change")} in total."
            + (revoked.Count == 0 ? "" : " Revoked: " + string.Join("; ", revoked.Select(r => $"{r.Tag} on {r.RevokedAt} by {r.RevokedBy ?? "-"} ({r.RevokedReason ?? "no reason recorded"})")) + "."),
            [
                new("CM-3", "Changes are declared in release contracts before release", g.Total > 0 && c.Total > 0,
                    $"{C(g.Total, "generation")}, {C(c.Total, "declared change")}", "declare releases with gryt generation new and list their changes in the contract"),
                new("CM-3", "Every promoted release had all of its changes proven", g.Promoted > 0 && g.PromotedNotFullyProven == 0,
                    g.Promoted == 0 ? "no release has been promoted" : $"{N(g.Promoted - g.PromotedNotFullyProven)} of {C(g.Promoted, "promoted release")} fully proven",
                    g.Promoted == 0 ? "promote a release through its gates (gryt generation promote)" : "investigate releases promoted with unproven changes"),
                new("CM-3", "Every promotion records who promoted it and the commit it tagged", g.Promoted > 0 && g.PromotedWithoutActorOrCommit == 0,
                    g.Promoted == 0 ? "no release has been promoted" : $"{C(g.PromotedWithoutActorOrCommit, "promotion")} without actor or commit",
                    "promote only with gryt, which records the actor (GRYT_ACTOR or the git user) and the tagged commit"),
                // A name from GRYT_ACTOR or git config is self-declared: it shows who claimed to act, not who was allowed to.
                // A sync server's compare-and-swap is not: it said yes to an authenticated key with role release.
                g.Promoted > 0 && g.PromotedAuthorisedByServer == g.Promoted
                    ? new("CM-5", "Only authorised people can promote a release (access restrictions)", true,
                        $"{N(g.Promoted)} of {C(g.Promoted, "promoted release")} authorised by the sync server (a key with role release, approvals counted there)",
                        "keep promotion in cloud mode; restrict release-tag pushes on the git host as well")
                    : new("CM-5", "Only authorised people can promote a release (access restrictions)", false,
                        "evidence missing: " + (g.Promoters.Count == 0 ? "no promotion recorded; " : $"promotions name {C(g.Promoters.Count, "actor")} ({string.Join(", ", g.Promoters.Take(ProblemsShown))}{(g.Promoters.Count > ProblemsShown ? ", …" : "")}), ")
                        + (g.PromotedAuthorisedByServer > 0 ? $"{N(g.PromotedAuthorisedByServer)} authorised by the sync server, the others " : "")
                        + "self-declared through GRYT_ACTOR or git config and not authenticated",
                        "promote in cloud mode (gryt sync config --mode cloud), where the sync server authorises keys with role release; or restrict who may push release tags on the git host and keep that configuration with this report"),
            ]);
    }

    private static ControlFamily Testing(EvolutionFacts e, RunFacts r) => new(
        "testing", "Testing and validation", "SA-11",
        $"{C(e.Total, "evolution")}: {N(e.Passed)} passed, {N(e.Failed)} failed, {N(e.Interrupted)} interrupted, {N(e.Open)} open; evolution pass rate {Percent(e.PassRate)}. "
        + $"{C(r.Total, "pipeline run")} with {C(r.Steps, "step")} ({N(r.StepsFailed)} failed); run pass rate {Percent(r.PassRate)}. "
        + $"{N(e.FailedAttemptsResolved)} of {C(e.FailedAttempts, "failed attempt")} {(e.FailedAttempts == 1 ? "was" : "were")} resolved by a later passing evolution.",
        [
            new("SA-11", "Changes are proven by recorded pipeline runs", e.Passed > 0 && e.PassedWithoutRun == 0,
                e.Passed == 0 ? "no passing evolution" : $"{N(e.Passed - e.PassedWithoutRun)} of {C(e.Passed, "passing evolution")} bound to a run",
                "prove changes with gryt evolution start and gryt run"),
            new("SA-11", "No promoted release carries an unresolved failed evolution", e.UnresolvedInPromoted == 0,
                $"{C(e.UnresolvedInPromoted, "unresolved failed attempt")} in promoted releases", "fix and re-prove the failing changes before promotion"),
            new("SA-11", "Proving runs tested committed code", r.DirtyProvingRuns == 0,
                $"{C(r.DirtyProvingRuns, "passing evolution run")} on a working tree with uncommitted changes ({C(r.Dirty, "dirty run")} in all)",
                "re-prove those changes from a clean tree; a proof with --allow-dirty stays marked dirty"),
        ]);

    private static ControlFamily AuditTrail(AuditFacts a, ChainVerification chain) => new(
        "audit", "Audit trail completeness", "AU-2, AU-9, AU-10",
        $"{C(a.Events, "audit event")} by {C(a.Actors, "actor")}; hash chain "
        + (chain.FirstBreak is { } b ? $"BROKEN at event #{b.Seq} ({b.EventType}, {b.Timestamp}): {b.Message}." : "verified end to end."),
        [
            new("AU-2", "Release events are logged", a.Events > 0, C(a.Events, "event"), "use gryt to create, prove and promote releases; each step is logged"),
            new("AU-9", "The audit log is protected: its hash chain verifies", chain.Intact,
                chain.FirstBreak is { } broken ? $"first broken event #{broken.Seq} {broken.EventId} ({broken.KindWord})" : $"{C(chain.Events, "event")} verified",
                "restore the database from a snapshot taken before the tampering (gryt audit rollback) and investigate who changed it"),
            new("AU-10", "Every event names who acted", a.Events > 0 && a.EventsWithoutActor == 0,
                $"{C(a.EventsWithoutActor, "event")} without an actor", "set GRYT_ACTOR in CI, or a git user.name and user.email"),
        ]);

    private static ControlFamily Recovery(SnapshotFacts s) => new(
        "recovery", "Rollback capability", "CP-9, CP-10",
        s.Total == 0 ? "No snapshot of the database exists."
            : $"{C(s.Total, "snapshot")}, {N(s.BeforePromotion)} taken automatically before a promotion; the newest ({s.NewestId}) is {Days(s.NewestAgeDays)} old.",
        [
            new("CP-9", "The database is backed up", s.Total > 0, C(s.Total, "snapshot"), "take one with gryt audit snapshot, and keep snapshots.before_promotion on"),
            new("CP-9", $"A snapshot was taken in the last {SnapshotMaxAgeDays} days", s.NewestAgeDays is { } age && age <= SnapshotMaxAgeDays,
                s.NewestAgeDays is null ? "no snapshot" : $"newest snapshot is {Days(s.NewestAgeDays)} old", $"no snapshot in {SnapshotMaxAgeDays} days: take one with gryt audit snapshot"),
            new("CP-10", "The newest snapshot can be restored (file present, SHA-256 and integrity verified)", s.Total > 0 && s.NewestProblem is null,
                s.Total == 0 ? "no snapshot" : s.NewestProblem ?? $"{s.NewestId} verified; {C(s.Unusable, "snapshot")} with a missing file or failed integrity check",
                "take a new snapshot; move damaged ones out of .gryt/snapshots"),
        ]);

    private static ControlFamily Provenance(GenerationFacts g, List<ReleaseFacts> releases, bool gitReadable, int candidates, List<string> candidateProblems, SigningFacts signing)
    {
        var withProvenance = releases.Count(r => r.Provenance is not null);
        var verified = releases.Count(r => r.TagProblem is null);
        var tagProblems = releases.Where(r => r.TagProblem is not null).Select(r => $"{r.Tag}: {r.TagProblem}").ToList();
        return new ControlFamily(
            "provenance", "Supply chain provenance", "SR-3, SR-4",
            $"{C(releases.Count, "promoted release")}; {N(verified)} with its tag found in git at the recorded commit when this report was made; "
            + $"{N(withProvenance)} with an in-toto/SLSA provenance statement."
            + (gitReadable ? "" : " Git could not be read here, so no tag could be checked."),
            [
                new("SR-3", "Every promoted release is tagged in git at the commit its record names (read from git at report time)",
                    g.Promoted > 0 && gitReadable && tagProblems.Count == 0,
                    g.Promoted == 0 ? "no release has been promoted"
                        : !gitReadable ? "git could not be read (not a git repository, or git not installed)"
                        : $"{N(verified)} of {C(releases.Count, "release tag")} verified" + (tagProblems.Count == 0 ? "" : ": " + Problems(tagProblems)),
                    "restore the missing or moved tags at the recorded commits (gryt never moves a tag), or investigate who changed them"),
                new("SR-3", "Every release candidate tag of a passing evolution is in git at the commit it tested (read from git at report time)",
                    candidates > 0 && gitReadable && candidateProblems.Count == 0,
                    candidates == 0 ? "no passing evolution recorded a commit"
                        : !gitReadable ? "git could not be read (not a git repository, or git not installed)"
                        : $"{N(candidates - candidateProblems.Count)} of {C(candidates, "rc tag")} verified" + (candidateProblems.Count == 0 ? "" : ": " + Problems(candidateProblems)),
                    "restore the missing or moved rc tags (git fetch --tags in a clone that lacks them)"),
                new("SR-4", "Every promoted release has a provenance statement", g.Promoted > 0 && withProvenance == releases.Count,
                    g.Promoted == 0 ? "no release has been promoted" : $"{N(withProvenance)} of {C(releases.Count, "release")} with .gryt/releases/VERSION.intoto.json",
                    "promote with this version of gryt, which writes the statement; keep .gryt/releases/ in version control"),
                SbomFact(g, releases),
                new("SR-4", "Every promoted release's provenance is signed (DSSE, by a gryt key or git's SSH key)", g.Promoted > 0 && signing.Unsigned.Count == 0,
                    g.Promoted == 0 ? "no release has been promoted" : $"{N(releases.Count - signing.Unsigned.Count)} of {C(releases.Count, "release")} signed" + (signing.Unsigned.Count == 0 ? "" : "; unsigned: " + Problems(signing.Unsigned)),
                    "make a signing key (gryt key generate, commit .gryt/keys/) or set up git's SSH signing, then promote the next release"),
                new("SR-4", "The newest release verifies from git: tag, signed provenance, proofs, audit chain, SBOM (gryt release verify)", signing.Verified is { Verified: true },
                    signing.Newest is null ? "no release has been promoted"
                        : signing.Verified is not { } result ? $"{signing.Newest} could not be verified"
                        : result.Verified ? $"{signing.Newest}: {C(result.Items.Count, "check")} hold"
                        : $"{signing.Newest}: " + Problems(result.Failed.Select(f => $"{f.Check}: {f.Detail}").ToList()),
                    "run gryt release verify VERSION and fix what it names"),
            ]);
    }

    /// <summary>SR-4: the SBOM of each release is there and names the release's version and commit (read at report time).</summary>
    private static ComplianceCheck SbomFact(GenerationFacts g, List<ReleaseFacts> releases)
    {
        var problems = releases.Where(r => r.SbomProblem is not null).Select(r => $"{r.Version}: {r.SbomProblem}").ToList();
        return new("SR-4", "Every promoted release has a CycloneDX SBOM naming its version and commit", g.Promoted > 0 && problems.Count == 0,
            g.Promoted == 0 ? "no release has been promoted"
                : $"{N(releases.Count - problems.Count)} of {C(releases.Count, "release")} with .gryt/releases/VERSION.cdx.json" + (problems.Count == 0 ? "" : ": " + Problems(problems)),
            "promote with this version of gryt, which writes the SBOM from the project's lock files; keep .gryt/releases/ in version control");
    }

    private static ControlFamily PolicyEnforcement(PolicyFacts p) => new(
        "policy", "Policy enforcement", "SA-15, CM-4",
        $"{C(p.Defined, "policy", "policies")} defined; {C(p.ChecksPassed, "check")} passed and {C(p.ChecksFailed, "violation")} blocked an evolution; "
        + $"{C(p.PromotedChangesWithoutPolicyCheck, "promoted change")} without a passing policy check.",
        [
            new("SA-15", "Development policies are defined", p.Defined > 0, $"{C(p.Defined, "policy", "policies")} in .gryt/policy.yaml", "define required steps per change type in .gryt/policy.yaml"),
            new("SA-15", "Policies are checked when changes are proven", p.ChecksPassed + p.ChecksFailed > 0,
                $"{C(p.ChecksPassed + p.ChecksFailed, "policy check")} recorded", "define policies that apply to your change types"),
            new("CM-4", "Every promoted change was covered by a policy check", p.PromotedChangesWithoutPolicyCheck == 0,
                $"{C(p.PromotedChangesWithoutPolicyCheck, "promoted change")} without one", "make policies apply to every change type (applies_to) before promoting"),
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

    private static string C(long count, string singular, string? plural = null) => Counted.Of(count, singular, plural);

    internal static string Percent(double? ratio) => ratio is { } r ? (100 * r).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string Days(double? days) => days is not { } d ? "n/a" : d < 1 ? "less than a day" : Counted.Of((long)Math.Floor(d), "day");
}
