using Gryt.Compliance;
using Gryt.Evolutions;
using Gryt.Promotion;
using Gryt.Snapshots;
using Gryt.Tests.Evolutions;

namespace Gryt.Tests.Compliance;

public sealed class ComplianceServiceTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private sealed class Clock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private ComplianceReport Build(GrytContext? context = null) => new ComplianceService(_repo.Project, _repo.Database, context ?? _repo.Context).Build();

    private static ComplianceCheck Check(ComplianceReport report, string control, string requirementStart) =>
        report.Families.SelectMany(f => f.Checks).Single(c => c.Control == control && c.Requirement.StartsWith(requirementStart, StringComparison.Ordinal));

    [Fact]
    public void An_empty_project_meets_nothing_and_says_what_is_missing()
    {
        var report = Build();

        Assert.Equal(0, report.Generations.Total);
        Assert.False(Check(report, "CM-3", "Changes are declared").Passed);
        Assert.False(Check(report, "CP-9", "The database is backed up").Passed);
        Assert.Contains(report.Missing, c => c.Remedy.Contains("no snapshot in 90 days", StringComparison.Ordinal));
        Assert.True(Check(report, "AU-9", "The audit log").Passed);
        Assert.Equal("not met", report.Families.Single(f => f.Key == "recovery").Status);
    }

    [Fact]
    public async Task The_numbers_come_from_the_records()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");
        new SnapshotService(_repo.Project, _repo.Database, _repo.Context).Take(SnapshotReasons.Manual, null);

        var report = Build();

        Assert.Equal((1L, 1L), (report.Generations.Total, report.Generations.Promoted));
        Assert.Equal((2L, 1L, 1L), (report.Changes.Total, report.Changes.Add, report.Changes.Fix));
        Assert.Equal((3L, 2L, 1L), (report.Evolutions.Total, report.Evolutions.Passed, report.Evolutions.Failed));
        Assert.Equal((1L, 1L, 0L), (report.Evolutions.FailedAttempts, report.Evolutions.FailedAttemptsResolved, report.Evolutions.UnresolvedInPromoted));
        var release = Assert.Single(report.Releases);
        Assert.Equal((2, 2, 2), (release.Changes, release.ChangesProven, release.PassingEvolutions));
        Assert.Equal(Path.Combine(".gryt", "releases", "v1.0.0.intoto.json"), release.Provenance);
        Assert.True(Check(report, "CM-3", "Every promoted release").Passed);
        Assert.True(Check(report, "SR-4", "Every promoted release has a provenance").Passed);
        Assert.True(Check(report, "CP-10", "The newest snapshot").Passed);
        // Promoted without a signing key: everything else in the family holds, and the report says what does not.
        Assert.False(Check(report, "SR-4", "Every promoted release's provenance is signed").Passed);
        var verify = Check(report, "SR-4", "The newest release verifies");
        Assert.False(verify.Passed);
        Assert.Contains("provenance_signature: unsigned", verify.Evidence, StringComparison.Ordinal);
        Assert.Equal(67, report.Families.Single(f => f.Key == "provenance").Score);
    }

    [Fact]
    public void A_tampered_audit_log_fails_AU_9_naming_the_event()
    {
        _repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        using (var command = _repo.Database.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE audit_events SET actor = 'mallory' WHERE seq = 1";
            command.ExecuteNonQuery();
        }

        var report = Build();

        var check = Check(report, "AU-9", "The audit log");
        Assert.False(check.Passed);
        Assert.Contains("#1", check.Evidence, StringComparison.Ordinal);
        Assert.Contains("BROKEN", report.Families.Single(f => f.Key == "audit").Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void A_snapshot_older_than_90_days_is_flagged()
    {
        new SnapshotService(_repo.Project, _repo.Database, _repo.Context).Take(SnapshotReasons.Manual, null);
        var later = new GrytContext(new Clock(DateTimeOffset.UtcNow.AddDays(91)), () => "auditor");

        var report = Build(later);

        Assert.True(Check(report, "CP-9", "The database is backed up").Passed);
        Assert.False(Check(report, "CP-9", "A snapshot was taken").Passed);
        Assert.Equal("partly met", report.Families.Single(f => f.Key == "recovery").Status);
    }

    [Fact]
    public void Markdown_and_html_name_the_standard_and_escape_values()
    {
        _repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var report = Build(new GrytContext(TimeProvider.System, () => "<script>alert(1)</script>"));

        var html = ComplianceWriter.Html(report, _repo.Root);
        var markdown = ComplianceWriter.Markdown(report);

        Assert.Contains("800-161", html, StringComparison.Ordinal);
        Assert.Contains("800-161", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
    }
}
