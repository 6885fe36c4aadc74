using System.Text.Json;
using System.Text.RegularExpressions;
using Gryt.Audit;
using Gryt.Compliance;
using Gryt.Evolutions;
using Gryt.Promotion;
using Gryt.Storage;
using Gryt.Tests.Evolutions;

namespace Gryt.Tests.Compliance;

/// <summary>The report checks git and the records at report time, and shows revocations, dirty proofs and gate results.</summary>
public sealed partial class ComplianceEvidenceTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private ComplianceReport Build() => new ComplianceService(_repo.Project, _repo.Database, _repo.Context).Build();

    private static ComplianceCheck Check(ComplianceReport report, string control, string requirementStart) =>
        report.Families.SelectMany(f => f.Checks).Single(c => c.Control == control && c.Requirement.StartsWith(requirementStart, StringComparison.Ordinal));

    private void Sql(string sql)
    {
        using var command = _repo.Database.Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    [Fact]
    public async Task Deleting_a_release_tag_fails_SR_3_when_the_report_is_made()
    {
        await _repo.ProveAndPromoteAsync("v2.1.0");
        Assert.True(Check(Build(), "SR-3", "Every promoted release is tagged").Passed);

        _repo.Git("tag", "-d", "v2.1.0");
        var report = Build();

        var check = Check(report, "SR-3", "Every promoted release is tagged");
        Assert.False(check.Passed);
        Assert.Contains("v2.1.0: tag missing in git", check.Evidence, StringComparison.Ordinal);
        Assert.Equal("tag missing in git", Assert.Single(report.Releases).TagProblem);
    }

    [Fact]
    public async Task Moving_a_release_tag_fails_SR_3_naming_both_commits()
    {
        await _repo.ProveAndPromoteAsync("v2.1.0");
        var recorded = _repo.Git("rev-parse", "v2.1.0^{commit}").Trim();
        var elsewhere = _repo.Commit("unreviewed work");

        _repo.Git("tag", "-f", "-a", "-m", "moved", "v2.1.0", elsewhere);
        var check = Check(Build(), "SR-3", "Every promoted release is tagged");

        Assert.False(check.Passed);
        Assert.Contains($"tag points at {elsewhere[..12]}, the record says {recorded[..12]}", check.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_an_rc_tag_fails_the_release_candidate_check()
    {
        await _repo.ProveAndPromoteAsync("v2.1.0");
        Assert.True(Check(Build(), "SR-3", "Every release candidate tag").Passed);

        _repo.Git("tag", "-d", "v2.1.0-rc.2");
        var check = Check(Build(), "SR-3", "Every release candidate tag");

        Assert.False(check.Passed);
        Assert.Contains("v2.1.0-rc.2: tag missing in git", check.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CM_5_is_not_met_by_a_self_declared_name_and_says_what_evidence_is_missing()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");

        var check = Check(Build(), "CM-5", "Only authorised people");

        Assert.False(check.Passed);
        Assert.StartsWith("evidence missing:", check.Evidence, StringComparison.Ordinal);
        Assert.Contains("tester", check.Evidence, StringComparison.Ordinal);
        Assert.Contains("self-declared", check.Evidence, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_release_is_shown_with_when_who_and_why_in_the_report_and_the_export()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");
        Sql("UPDATE generations SET status = 'revoked', revoked_at = '2026-02-01T10:00:00.000Z', revoked_by = 'Sec Team', revoked_reason = 'CVE-2026-1 in login' WHERE version = 'v1.0.0'");

        var report = Build();
        var markdown = ComplianceWriter.Markdown(report);
        var export = ExportJson();

        var release = Assert.Single(report.Releases);
        Assert.True(release.Revoked);
        Assert.Equal(1, report.Generations.Revoked);
        Assert.Contains("revoked 2026-02-01T10:00:00.000Z by Sec Team: CVE-2026-1 in login", markdown, StringComparison.Ordinal);
        Assert.Contains("1 revoked", report.Families[0].Summary, StringComparison.Ordinal);
        var generation = export.GetProperty("generations")[0];
        Assert.Equal("revoked", generation.GetProperty("status").GetString());
        Assert.Equal("Sec Team", generation.GetProperty("revoked_by").GetString());
        Assert.Equal("CVE-2026-1 in login", generation.GetProperty("revoked_reason").GetString());
    }

    [Fact]
    public async Task A_dirty_proof_is_counted_per_release_and_marked_in_the_export()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");
        Sql("UPDATE pipeline_runs SET dirty = 1 WHERE run_id = (SELECT run_id FROM evolutions WHERE tag = 'v1.0.0-rc.3')");

        var report = Build();
        var export = ExportJson();

        Assert.Equal(1, Assert.Single(report.Releases).DirtyProofs);
        Assert.False(Check(report, "SA-11", "Proving runs tested committed code").Passed);
        var evolutions = export.GetProperty("generations")[0].GetProperty("evolutions").EnumerateArray().ToList();
        Assert.True(evolutions.Single(e => e.GetProperty("tag").GetString() == "v1.0.0-rc.3").GetProperty("dirty_proof").GetBoolean());
        Assert.False(evolutions.Single(e => e.GetProperty("tag").GetString() == "v1.0.0-rc.2").GetProperty("dirty_proof").GetBoolean());
    }

    [Fact]
    public async Task The_gate_results_of_a_promotion_are_columns_of_the_report_and_fields_of_the_export()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");

        var report = Build();
        var markdown = ComplianceWriter.Markdown(report);
        var gates = ExportJson().GetProperty("generations")[0].GetProperty("gates");

        var gate = Assert.Single(Assert.Single(report.Releases).Gates);
        Assert.True(gate.Passed);
        Assert.Contains("| gate " + gate.Gate + " |", markdown, StringComparison.Ordinal);
        Assert.Equal(gate.Gate, gates[0].GetProperty("gate").GetString());
        Assert.True(gates[0].GetProperty("passed").GetBoolean());
        Assert.Equal("all 2 changes proven", gates[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task The_metrics_of_a_releases_proving_runs_are_in_the_report()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");
        Sql("""
            INSERT INTO data_rows (data_row_id, run_id, step_name, metric_name, metric_value, source, created_at)
            SELECT 'd1', run_id, 'test', 'coverage', 80, 'cobertura', '2026-01-01T00:00:01.000Z' FROM evolutions WHERE tag = 'v1.0.0-rc.2'
            UNION ALL SELECT 'd2', run_id, 'test', 'coverage', 91.5, 'cobertura', '2026-01-01T00:00:02.000Z' FROM evolutions WHERE tag = 'v1.0.0-rc.3'
            UNION ALL SELECT 'd3', run_id, 'test', 'tests_total', 120, 'junit', '2026-01-01T00:00:02.000Z' FROM evolutions WHERE tag = 'v1.0.0-rc.3'
            UNION ALL SELECT 'd4', run_id, 'test', 'coverage', 10, 'cobertura', '2026-01-01T00:00:03.000Z' FROM evolutions WHERE tag = 'v1.0.0-rc.1'
            """);

        var report = Build();

        Assert.Equal([new ReleaseMetric("coverage", 91.5), new ReleaseMetric("tests_total", 120)], Assert.Single(report.Releases).Metrics);
        Assert.Contains("| coverage 91.5, tests_total 120 |", ComplianceWriter.Markdown(report), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_report_counts_in_plural_forms_never_with_parentheses()
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");
        File.WriteAllText(_repo.Project.PolicyPath, "policies:\n  - name: tests\n    applies_to: [add]\n    required_steps: [test]\n");

        var markdown = ComplianceWriter.Markdown(Build());

        Assert.DoesNotMatch(ParenthesisedPlural(), markdown);
        Assert.Contains("1 policy defined", markdown, StringComparison.Ordinal);
        Assert.Contains("3 evolutions", markdown, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("reports")]
    [InlineData("../elsewhere")]
    public async Task Provenance_links_resolve_from_wherever_the_report_is_saved(string folder)
    {
        await _repo.ProveAndPromoteAsync("v1.0.0");
        var reportFolder = Path.GetFullPath(Path.Combine(_repo.Root, folder, Guid.NewGuid().ToString("N")[..6]));
        Directory.CreateDirectory(reportFolder);
        try
        {
            var path = Path.Combine(reportFolder, "report.html");
            ComplianceWriter.Write(Build(), path, ComplianceFormat.Html);

            var links = Href().Matches(File.ReadAllText(path)).Select(m => System.Net.WebUtility.HtmlDecode(m.Groups[1].Value)).Where(h => !h.StartsWith('#')).ToList();
            Assert.Equal(2, links.Count); // provenance and release notes
            foreach (var link in links)
            {
                var target = new Uri(new Uri(path), link).LocalPath;
                Assert.True(File.Exists(target), $"{link} from {reportFolder} does not reach a file");
            }
        }
        finally
        {
            Directory.Delete(reportFolder, recursive: true);
        }
    }

    private JsonElement ExportJson()
    {
        var path = Path.Combine(_repo.Root, "export-" + Guid.NewGuid().ToString("N")[..6] + ".json");
        new AuditExporter(_repo.Project, _repo.Database, _repo.Context).Export(path, new ExportOptions(ExportFormat.Json));
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    [GeneratedRegex(@"\((s|es|ies)\)")]
    private static partial Regex ParenthesisedPlural();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Href();
}
