using System.Text.Json;
using Gryt.Audit;
using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Storage;

/// <summary>The reads of <c>audit export</c> (ExportStore, AuditStore.ForExport): what they find and how SQLite finds it.</summary>
public sealed class ExportQueryTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private List<string> Plans(string? since, string? version)
    {
        using var store = new ExportStore(_project.Database, null, since, version);
        return [.. store.QueryPlans()];
    }

    [Theory]
    [InlineData(null)]
    [InlineData("2025-03-14T00:00:00.000Z")]
    public void An_export_of_one_version_looks_its_rows_up_and_scans_no_table(string? since)
    {
        // Scale checks (issue 16): at 100 000 evolutions and 1 000 000 steps one version's export must
        // not read the history. The only scans allowed are of the summary's own CTEs (one generation's rows).
        // The chain verification of the export's header reads the whole log by design (AuditChain).
        var plans = Plans(since, "v1.0.0");

        var scans = plans.Where(line => line.Split(": ", 2)[1].StartsWith("SCAN ", StringComparison.Ordinal)).ToList();
        Assert.All(scans, line => Assert.Matches("^summary: SCAN (CONSTANT ROW|picked|picked_evolutions)$", line));
        Assert.Contains("summary: SEARCH gg USING INDEX sqlite_autoindex_generations_2 (version=?)", plans);
        Assert.Contains("generations: SEARCH g USING INDEX sqlite_autoindex_generations_2 (version=?)", plans);
        Assert.Contains("steps: SEARCH step_runs USING INDEX ix_step_runs_run (run_id=?)", plans);
        Assert.Contains(plans, line => line.StartsWith("evolutions: SEARCH e USING INDEX ", StringComparison.Ordinal) && line.EndsWith("(generation_id=?)", StringComparison.Ordinal));
        Assert.Contains("events: SEARCH a USING INTEGER PRIMARY KEY (rowid=?)", plans);
        Assert.Contains(plans, line => line.StartsWith("events: SEARCH d USING ", StringComparison.Ordinal) && line.EndsWith("INDEX ix_audit_events_details_version (<expr>=?)", StringComparison.Ordinal));
        Assert.Contains(plans, line => line.StartsWith("events: SEARCH r USING COVERING INDEX ix_audit_events_resource_id (resource_id=?)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_whole_export_still_reads_every_generation_and_event()
    {
        var plans = Plans(null, null);

        Assert.Contains("generations: SCAN g", plans);
        Assert.Contains("events: SCAN a", plans);
        Assert.Contains(plans, line => line.StartsWith("unbound runs: ", StringComparison.Ordinal));
    }

    [Fact]
    public void One_versions_events_are_those_about_its_generation_or_its_evolutions_or_naming_its_version()
    {
        _project.Contracts.Create("v1.0.0", null);
        _project.Contracts.Create("v1.1.0", null);
        var mine = _project.AddEvolution("v1.0.0", "pass");
        var theirs = _project.AddEvolution("v1.1.0", "pass");
        var generation = (string)_project.Scalar("SELECT generation_id FROM generations WHERE version = 'v1.0.0'")!;
        Append("evolution.pass", "evolution", mine, null);
        Append("evolution.pass", "evolution", theirs, null);
        Append("note.added", "note", generation, null);
        Append("audit.exported", "export", "one.json", "v1.0.0");
        Append("audit.exported", "export", "two.json", "v1.1.0");
        Append("audit.exported", "export", "all.json", null);
        _project.Execute(
            "INSERT INTO audit_events (event_id, timestamp, event_type, resource_type, resource_id, action, actor, details_json, prev_hash, hash) "
            + "VALUES ('tampered', '2025-01-01T00:00:00.000Z', 'x', 'x', 'x', 'x', 'x', '{\"version\":', 'x', 'x')");

        var expected = new AuditStore(_project.Database).InChainOrder().Where(e => e.ResourceId == generation || e.ResourceId == mine || VersionIn(e.DetailsJson) == "v1.0.0")
            .Select(e => e.Seq).ToList();
        var found = new AuditStore(_project.Database).ForExport(null, "v1.0.0").Select(e => e.Seq).ToList();

        Assert.Equal(expected, found);
        Assert.Equal(4, found.Count); // generation.created, the evolution, the note, the export naming it
        Assert.Empty(new AuditStore(_project.Database).ForExport("2999-01-01", "v1.0.0"));
    }

    private void Append(string eventType, string resourceType, string resourceId, string? version) =>
        _project.Database.WriteTransaction(transaction => AuditLog.Append(_project.Database, transaction, _project.Context, eventType, resourceType, resourceId, "test",
            version is null ? null : new Dictionary<string, object?> { ["version"] = version }));

    private static string? VersionIn(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
