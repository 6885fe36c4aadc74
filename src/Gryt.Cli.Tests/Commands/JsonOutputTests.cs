using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>Read commands with <c>--json</c> print exactly one JSON document on stdout and nothing else.</summary>
public sealed class JsonOutputTests : IDisposable
{
    private const string Contract = """
        version: v2.1.0
        description: "Payment integration sprint"
        changes:
          - type: add
            id: FEAT-101
            title: "Stripe Connect support"
          - type: fix
            id: BUG-42
            title: "Timeout on \"large\" transactions"
        pipeline_template: release-pipeline
        """;

    private readonly CliProject _project = new();

    public JsonOutputTests()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", Contract);
        _project.Gryt.Ok("generation", "update", "v2.1.0");
    }

    public void Dispose() => _project.Dispose();

    /// <summary>Parses stdout as one document; JsonDocument refuses anything after the first value.</summary>
    private static JsonElement OneDocument(CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Out);
        return document.RootElement.Clone();
    }

    [Fact]
    public void Generation_list_json_is_one_document()
    {
        var result = _project.Gryt.Run("generation", "list", "--json");

        var generation = Assert.Single(OneDocument(result).GetProperty("generations").EnumerateArray());
        Assert.Equal("v2.1.0", generation.GetProperty("version").GetString());
        Assert.Equal("draft", generation.GetProperty("status").GetString());
        Assert.Equal(2, generation.GetProperty("changes_total").GetInt32());
        Assert.Equal(0, generation.GetProperty("changes_proven").GetInt32());
        Assert.Equal(0, generation.GetProperty("evolutions").GetInt32());
        Assert.Equal("2025-03-14T09:26:53.000Z", generation.GetProperty("created_at").GetString());
        Assert.Equal(JsonValueKind.Null, generation.GetProperty("promoted_at").ValueKind);
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void Generation_list_json_with_no_generations_is_an_empty_list()
    {
        using var empty = new CliProject();

        Assert.Empty(OneDocument(empty.Gryt.Run("generation", "list", "--json")).GetProperty("generations").EnumerateArray());
    }

    [Fact]
    public void Generation_show_json_is_one_document_with_the_changes()
    {
        var result = _project.Gryt.Run("generation", "show", "v2.1.0", "--json");

        var root = OneDocument(result);
        Assert.Equal("v2.1.0", root.GetProperty("generation").GetProperty("version").GetString());
        Assert.Equal(2, root.GetProperty("generation").GetProperty("revision").GetInt32());
        Assert.Equal(".gryt/generations/v2.1.0.yaml", root.GetProperty("file").GetString());
        var changes = root.GetProperty("changes").EnumerateArray().ToArray();
        Assert.Equal(["FEAT-101", "BUG-42"], changes.Select(c => c.GetProperty("change_id").GetString()));
        Assert.Equal("Timeout on \"large\" transactions", changes[1].GetProperty("title").GetString());
        Assert.Equal("release-pipeline", changes[0].GetProperty("pipeline").GetString());
        Assert.Equal("unproven", changes[0].GetProperty("state").GetString());
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void Generation_show_json_after_an_edit_puts_the_sync_note_on_stderr()
    {
        _project.WriteContract("v2.1.0", Contract.Replace(
            "pipeline_template:", "  - type: refine\n    id: PERF-7\n    title: \"Faster checkout\"\npipeline_template:", StringComparison.Ordinal));

        var result = _project.Gryt.Run("generation", "show", "v2.1.0", "--json");

        var changes = OneDocument(result).GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("change_id").GetString());
        Assert.Contains("PERF-7", changes);
        Assert.Contains("was edited since the last sync", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Db_query_json_is_one_document_with_typed_values()
    {
        var result = _project.Gryt.Run("db", "query", "SELECT version, revision, NULL AS missing, 1.5 AS half FROM generations", "--json");

        var root = OneDocument(result);
        Assert.Equal(["version", "revision", "missing", "half"], root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        var row = Assert.Single(root.GetProperty("rows").EnumerateArray());
        Assert.Equal("v2.1.0", row.GetProperty("version").GetString());
        Assert.Equal(2, row.GetProperty("revision").GetInt32());
        Assert.Equal(JsonValueKind.Null, row.GetProperty("missing").ValueKind);
        Assert.Equal(1.5, row.GetProperty("half").GetDouble());
        Assert.False(root.TryGetProperty("rows_changed", out _));
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void Db_query_json_with_write_reports_rows_changed()
    {
        var result = _project.Gryt.Run("db", "query", "--write", "--json", "UPDATE generations SET description = 'x'");

        Assert.Equal(1, OneDocument(result).GetProperty("rows_changed").GetInt32());
    }

    [Fact]
    public void Db_metric_json_is_one_document()
    {
        var result = _project.Gryt.Run("db", "metric", "proven_ratio", "--gen", "v2.1.0", "--json");

        var root = OneDocument(result);
        Assert.Equal("proven_ratio", root.GetProperty("metric").GetString());
        Assert.Equal("v2.1.0", root.GetProperty("version").GetString());
        Assert.Equal(0, root.GetProperty("value").GetDouble());
        Assert.Equal(2, root.GetProperty("samples").GetInt32());
        Assert.Equal("", result.Err);
    }

    [Fact]
    public void Db_metric_json_without_data_has_a_null_value()
    {
        var root = OneDocument(_project.Gryt.Run("db", "metric", "pass_rate", "-g", "v2.1.0", "--json"));

        Assert.Equal(JsonValueKind.Null, root.GetProperty("value").ValueKind);
    }
}
