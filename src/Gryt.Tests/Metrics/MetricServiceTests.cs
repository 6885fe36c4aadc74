using Gryt.Metrics;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Metrics;

public sealed class MetricServiceTests : IDisposable
{
    private readonly TestProject _project = new();
    private readonly MetricService _metrics;

    public MetricServiceTests()
    {
        _metrics = new MetricService(_project.Database);
        _project.WriteContract("v2.1.0", """
            version: v2.1.0
            changes:
              - type: add
                id: FEAT-101
                title: "Stripe Connect support"
              - type: fix
                id: BUG-42
                title: "Timeout on large transactions"
              - type: refine
                id: PERF-7
                title: "Faster checkout"
              - type: remove
                id: OLD-1
                title: "Legacy API"
            """);
        _project.Contracts.Sync("v2.1.0");
    }

    public void Dispose() => _project.Dispose();

    private string GenerationId(string version = "v2.1.0") =>
        (string)_project.Scalar("SELECT generation_id FROM generations WHERE version = $1", version)!;

    private void AddRun(string evolutionId, string startedAt, string? endedAt)
    {
        var runId = Guid.NewGuid().ToString();
        _project.Execute(
            "INSERT INTO pipeline_runs (run_id, pipeline_name, status, evolution_id, started_at, ended_at) VALUES ($1, 'ci', 'pass', $2, $3, $4)",
            runId, evolutionId, startedAt, endedAt);
    }

    private void AddDataRow(string? generationId, string metric, double? value, string createdAt) =>
        _project.Execute(
            "INSERT INTO data_rows (data_row_id, generation_id, metric_name, metric_value, created_at) VALUES ($1, $2, $3, $4, $5)",
            Guid.NewGuid().ToString(), generationId, metric, value, createdAt);

    [Fact]
    public void Without_evolutions_count_is_zero_and_the_ratios_have_no_data()
    {
        var count = _metrics.Get("evolution_count", "v2.1.0");
        Assert.Equal(0, count.Value);
        Assert.Equal("v2.1.0", count.Version);

        Assert.Null(_metrics.Get("pass_rate", "v2.1.0").Value);
        Assert.Null(_metrics.Get("mean_duration", "v2.1.0").Value);
        Assert.Equal(0, _metrics.Get("proven_ratio", "v2.1.0").Value);
    }

    [Fact]
    public void Proven_ratio_of_a_generation_without_changes_has_no_data()
    {
        _project.Contracts.Create("v3.0.0", null);

        var metric = _metrics.Get("proven_ratio", "v3.0.0");

        Assert.Null(metric.Value);
        Assert.Equal(0, metric.Samples);
    }

    [Fact]
    public void Evolution_count_counts_every_evolution_of_the_generation()
    {
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101");
        _project.AddEvolution("v2.1.0", "fail", "BUG-42");
        _project.AddEvolution("v2.1.0", "pending", "PERF-7");

        var metric = _metrics.Get("evolution_count", "2.1.0");

        Assert.Equal(3, metric.Value);
        Assert.Equal("count", metric.Unit);
    }

    [Fact]
    public void Pass_rate_is_passing_over_finished_evolutions()
    {
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101");
        _project.AddEvolution("v2.1.0", "pass", "BUG-42");
        _project.AddEvolution("v2.1.0", "fail", "BUG-42");
        _project.AddEvolution("v2.1.0", "interrupted", "PERF-7");
        _project.AddEvolution("v2.1.0", "pending", "PERF-7");

        var metric = _metrics.Get("pass_rate", "v2.1.0");

        Assert.Equal(2.0 / 3.0, metric.Value!.Value, 9);
        Assert.Equal(3, metric.Samples);
    }

    [Fact]
    public void Proven_ratio_is_proven_changes_over_declared_changes()
    {
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101", "BUG-42");
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101");
        _project.AddEvolution("v2.1.0", "fail", "PERF-7");

        var metric = _metrics.Get("proven_ratio", "v2.1.0");

        Assert.Equal(0.5, metric.Value);
        Assert.Equal(4, metric.Samples);
    }

    [Fact]
    public void Mean_duration_averages_finished_runs_in_seconds()
    {
        var first = _project.AddEvolution("v2.1.0", "pass", "FEAT-101");
        var second = _project.AddEvolution("v2.1.0", "fail", "BUG-42");
        AddRun(first, "2025-01-01T10:00:00.000Z", "2025-01-01T10:00:10.000Z");
        AddRun(second, "2025-01-01T11:00:00.000Z", "2025-01-01T11:00:30.000Z");
        AddRun(second, "2025-01-01T12:00:00.000Z", null);

        var metric = _metrics.Get("mean_duration", "v2.1.0");

        Assert.Equal(20.0, metric.Value!.Value, 3);
        Assert.Equal(2, metric.Samples);
        Assert.Equal("seconds", metric.Unit);
    }

    [Fact]
    public void Metrics_of_another_generation_are_not_counted()
    {
        _project.Contracts.Create("v3.0.0", null);
        _project.AddEvolution("v2.1.0", "pass", "FEAT-101");

        Assert.Equal(0, _metrics.Get("evolution_count", "v3.0.0").Value);
        Assert.Null(_metrics.Get("pass_rate", "v3.0.0").Value);
    }

    [Fact]
    public void A_custom_metric_is_the_newest_value_recorded_for_the_generation()
    {
        _project.Contracts.Create("v3.0.0", null);
        AddDataRow(GenerationId(), "coverage", 71.5, "2025-01-01T10:00:00.000Z");
        AddDataRow(GenerationId(), "coverage", 84.25, "2025-01-02T10:00:00.000Z");
        AddDataRow(GenerationId(), "coverage", 60, "2025-01-01T12:00:00.000Z");
        AddDataRow(GenerationId("v3.0.0"), "coverage", 99, "2025-01-03T10:00:00.000Z");
        AddDataRow(GenerationId(), "tests_failed", 2, "2025-01-05T10:00:00.000Z");

        var metric = _metrics.Get("coverage", "v2.1.0");

        Assert.Equal(84.25, metric.Value);
        Assert.Equal(3, metric.Samples);
    }

    [Fact]
    public void A_custom_metric_recorded_only_for_another_generation_has_no_data_here()
    {
        _project.Contracts.Create("v3.0.0", null);
        AddDataRow(GenerationId("v3.0.0"), "coverage", 99, "2025-01-03T10:00:00.000Z");

        var metric = _metrics.Get("coverage", "v2.1.0");

        Assert.Null(metric.Value);
        Assert.Equal(0, metric.Samples);
    }

    [Fact]
    public void An_unknown_metric_is_not_found()
    {
        var error = Assert.Throws<NotFoundException>(() => _metrics.Get("coverage", "v2.1.0"));

        Assert.Contains("unknown metric 'coverage'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_metric_of_an_unknown_generation_is_not_found()
    {
        Assert.Throws<NotFoundException>(() => _metrics.Get("evolution_count", "v9.9.9"));
    }

    [Fact]
    public void A_metric_of_a_bad_version_is_invalid_input()
    {
        Assert.Throws<InvalidInputException>(() => _metrics.Get("evolution_count", "latest"));
    }

    [Fact]
    public void Built_in_names_are_the_four_of_the_spec()
    {
        Assert.Equal(["pass_rate", "evolution_count", "proven_ratio", "mean_duration"], MetricService.BuiltIn);
    }
}
