using Gryt.Tests.TestSupport;
using Gryt.Evolutions;
using Gryt.Metrics;
using Gryt.Tests.Evolutions;

namespace Gryt.Tests.Metrics;

/// <summary>The built-in metrics over evolutions proven by real (recorded) runs, as the engine writes them.</summary>
public sealed class MetricRealDataTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private async Task ProveAsync(string change, bool pass, int seconds)
    {
        var evolutions = new EvolutionService(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);
        var evolution = (await evolutions.StartAsync("v1.0.0", [change], null, StepsOf.None)).Evolution;
        var commit = _repo.Commit("work " + evolution.Tag);
        var run = _repo.Run(Guid.NewGuid().ToString(), commit);
        evolutions.BindRun(evolution);
        using (var command = _repo.Database.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE pipeline_runs SET status = $s, evolution_id = CASE WHEN $link THEN $e END, ended_at = strftime('%Y-%m-%dT%H:%M:%fZ', started_at, $d) WHERE run_id = $r";
            command.Parameters.AddWithValue("$s", pass ? "pass" : "fail");
            command.Parameters.AddWithValue("$e", evolution.EvolutionId);
            // Half the runs name their evolution, all are named by it: the metric follows either link.
            command.Parameters.AddWithValue("$link", seconds % 20 == 0);
            command.Parameters.AddWithValue("$d", $"+{seconds} seconds");
            command.Parameters.AddWithValue("$r", run);
            command.ExecuteNonQuery();
        }

        evolutions.Complete(evolution, pass ? RunStatus.Pass : RunStatus.Fail, run);
    }

    [Fact]
    public async Task Built_in_metrics_follow_the_evolutions_and_their_runs()
    {
        _repo.Declare("v1.0.0", "ci", ("FEAT-1", "add"), ("BUG-1", "fix"), ("PERF-1", "refine"));
        await ProveAsync("FEAT-1", pass: false, seconds: 10);
        await ProveAsync("FEAT-1", pass: true, seconds: 20);
        await ProveAsync("BUG-1", pass: true, seconds: 30);
        var metrics = new MetricService(_repo.Database);

        Assert.Equal(3, metrics.Get("evolution_count", "v1.0.0").Value);
        Assert.Equal(2.0 / 3, metrics.Get("pass_rate", "v1.0.0").Value!.Value, 6);
        Assert.Equal(2.0 / 3, metrics.Get("proven_ratio", "v1.0.0").Value!.Value, 6);
        var duration = metrics.Get("mean_duration", "v1.0.0");
        Assert.Equal(20.0, duration.Value!.Value, 3);
        Assert.Equal(3, duration.Samples);
    }

    [Fact]
    public void Without_finished_evolutions_the_ratios_have_no_value()
    {
        _repo.Declare("v1.0.0", "ci", ("FEAT-1", "add"));
        var metrics = new MetricService(_repo.Database);

        Assert.Null(metrics.Get("pass_rate", "v1.0.0").Value);
        Assert.Null(metrics.Get("mean_duration", "v1.0.0").Value);
        Assert.Equal(0, metrics.Get("proven_ratio", "v1.0.0").Value);
    }
}
