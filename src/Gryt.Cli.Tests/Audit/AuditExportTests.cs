using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

public sealed class AuditExportTests : IDisposable
{
    private readonly CliProject _project = new();

    public AuditExportTests() => AuditHistory.Arrange(_project);

    public void Dispose() => _project.Dispose();

    private string Export(string file, params string[] extra)
    {
        _project.Gryt.Ok(["audit", "export", "-o", file, .. extra]);
        return File.ReadAllText(Path.Combine(_project.Root, file));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("csv")]
    [InlineData("html")]
    public void Each_export_format_matches_its_golden_file(string format)
    {
        var text = Export("audit." + format, "-f", format);

        Golden.Verify("audit-export-" + format, AuditHistory.Normalise(text, _project.Root));
    }

    [Fact]
    public void The_json_export_nests_changes_evolutions_runs_and_steps_and_reports_the_chain()
    {
        using var document = JsonDocument.Parse(Export("audit.json"));
        var root = document.RootElement;

        var release = root.GetProperty("generations")[0];
        Assert.Equal("v1.0.0", release.GetProperty("version").GetString());
        Assert.Equal(2, release.GetProperty("changes").GetArrayLength());
        var evolution = release.GetProperty("evolutions")[1];
        Assert.Equal("v1.0.0-rc.2", evolution.GetProperty("tag").GetString());
        Assert.Equal(2, evolution.GetProperty("run").GetProperty("steps").GetArrayLength());
        Assert.Equal("run-3", root.GetProperty("runs_without_evolution")[0].GetProperty("run_id").GetString());
        Assert.True(root.GetProperty("audit_events").GetArrayLength() > 0);
        Assert.True(root.GetProperty("chain").GetProperty("verified").GetBoolean());
    }

    [Fact]
    public void The_csv_export_is_rfc_4180_with_a_header_even_without_records()
    {
        var raw = Export("audit.csv");
        Assert.StartsWith("record_type,record_id,", raw, StringComparison.Ordinal);
        Assert.Contains("\r\n", raw, StringComparison.Ordinal);
        Assert.Contains("\"Quote \"\" and comma, in a title\"", raw, StringComparison.Ordinal);

        using var empty = new CliProject();
        empty.Gryt.Ok("audit", "export", "-o", "empty.csv");
        var lines = File.ReadAllText(Path.Combine(empty.Root, "empty.csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("record_type,", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public void The_html_export_escapes_every_value()
    {
        var html = Export("audit.html");

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("v1.0.0-rc.2", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Version_and_since_filter_the_export()
    {
        using (var one = JsonDocument.Parse(Export("one.json", "--version", "v1.1.0")))
        {
            var generation = Assert.Single(one.RootElement.GetProperty("generations").EnumerateArray().ToList());
            Assert.Equal("v1.1.0", generation.GetProperty("version").GetString());
            Assert.Equal(0, one.RootElement.GetProperty("runs_without_evolution").GetArrayLength());
        }

        using var recent = JsonDocument.Parse(Export("recent.json", "--since", "2025-03-14T11:00:00Z"));
        var versions = recent.RootElement.GetProperty("generations").EnumerateArray().Select(g => g.GetProperty("version").GetString()).ToList();
        Assert.Equal(["v1.0.0", "v1.1.0"], versions);
        var evolution = Assert.Single(recent.RootElement.GetProperty("generations")[0].GetProperty("evolutions").EnumerateArray().ToList());
        Assert.Equal("v1.0.0-rc.2", evolution.GetProperty("tag").GetString());
    }

    [Fact]
    public void A_version_export_checks_the_chain_from_what_audit_verify_remembered_and_verify_all_walks_it_all()
    {
        _project.Gryt.Ok("audit", "verify");

        using (var one = JsonDocument.Parse(Export("one.json", "--version", "v1.1.0")))
        {
            var chain = one.RootElement.GetProperty("chain");
            Assert.True(chain.GetProperty("verified").GetBoolean());
            Assert.True(chain.GetProperty("checked_from").GetProperty("seq").GetInt64() > 0);
        }

        var text = _project.Gryt.Ok("audit", "export", "-o", "two.json", "--version", "v1.1.0");
        Assert.Contains("audit chain checked from event #", text.Out, StringComparison.Ordinal);

        using var all = JsonDocument.Parse(Export("all.json", "--version", "v1.1.0", "--verify-all"));
        Assert.False(all.RootElement.GetProperty("chain").TryGetProperty("checked_from", out _));
    }

    [Fact]
    public void An_unknown_format_is_refused_and_writes_nothing()
    {
        var result = _project.Gryt.Run("audit", "export", "-o", "x.pdf", "-f", "pdf");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("unknown export format", result.Err, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_project.Root));
    }

    [Fact]
    public void An_export_is_recorded_in_the_audit_trail()
    {
        Export("audit.json");

        var result = _project.Gryt.Ok("db", "query", "SELECT actor, resource_id FROM audit_events WHERE event_type = 'audit.exported'", "--json");
        Assert.Contains("audit.json", result.Out, StringComparison.Ordinal);
        Assert.Contains(CliRunner.Actor, result.Out, StringComparison.Ordinal);
    }
}
