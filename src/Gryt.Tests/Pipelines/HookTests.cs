using Gryt.Pipelines.Internal;

namespace Gryt.Tests.Pipelines;

public sealed class HookTests
{
    [Fact]
    public async Task Hooks_receive_payloads_for_pipeline_and_step_events()
    {
        using var project = new PipelineTestProject();
        var steps = new RecordingDestination("steps");
        var failures = new RecordingDestination("failures");
        var final = new RecordingDestination("final");
        var pipeline = new Pipeline("hooked", [new CommandStep("ok", "true"), new CommandStep("boom", "exit 4") { Needs = ["ok"] }]) { Destinations = [final] }
            .On(PipelineEvent.StepEnd, steps)
            .On(PipelineEvent.PipelineFail, failures)
            .On(PipelineEvent.PipelineSuccess, failures);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(["ok", "boom"], steps.Payloads.Select(p => (string)p["step_name"]!));
        Assert.Equal(4, steps.Payloads[1]["exit_code"]);
        Assert.Equal("fail", steps.Payloads[1]["status"]);
        var failed = Assert.Single(failures.Payloads);
        Assert.Equal(("pipeline_fail", "hooked", result.RunId, "fail"), ((string)failed["event"]!, (string)failed["pipeline_name"]!, (string)failed["run_id"]!, (string)failed["status"]!));
        Assert.Equal(2, ((System.Collections.ICollection)failed["steps"]!).Count);
        Assert.Equal("pipeline_end", Assert.Single(final.Payloads)["event"]);
        Assert.Equal(4L, project.Query("SELECT count(*) AS n FROM hook_deliveries WHERE run_id = ? AND ok = 1", result.RunId)[0]["n"]);
    }

    [Fact]
    public async Task A_failing_hook_is_recorded_and_reported_but_does_not_fail_the_run()
    {
        using var project = new PipelineTestProject();
        var observer = new RecordingObserver();
        var pipeline = new Pipeline("soft", [new CommandStep("ok", "true")])
            .On(PipelineEvent.PipelineEnd, new RecordingDestination("down", throws: true), new RecordingDestination("refuses", fail: true));

        var result = await project.RunAsync(pipeline, observer);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Equal(2, result.HookFailures.Count);
        Assert.Contains("down is unreachable", result.HookFailures[0].Message);
        Assert.Contains("hook-failed down pipeline_end", observer.Events);
        var rows = project.Query("SELECT destination, ok, error FROM hook_deliveries WHERE run_id = ? ORDER BY destination", result.RunId);
        Assert.Equal([0L, 0L], rows.Select(r => r["ok"]));
    }

    [Fact]
    public async Task A_failing_required_destination_fails_the_run()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("strict", [new CommandStep("ok", "true")])
        {
            Destinations = [new RecordingDestination("audit", fail: true) { Required = true }],
        };

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Contains("audit", result.Message);
        Assert.Equal("fail", project.Query("SELECT status FROM pipeline_runs WHERE run_id = ?", result.RunId)[0]["status"]);
    }

    [Fact]
    public async Task Hooks_fired_after_a_run_are_masked_and_recorded_like_those_of_a_run()
    {
        using var project = new PipelineTestProject();
        var tell = new CommandDestination("echo \"token $API_TOKEN rejected\" >&2; exit 1", environment: new Dictionary<string, string> { ["API_TOKEN"] = "s3cr3t-value" });
        var pipeline = new Pipeline("release", [new CommandStep("ok", "true")])
        {
            Environment = new Dictionary<string, string> { ["API_TOKEN"] = "s3cr3t-value" },
            Secrets = ["API_TOKEN"],
        }.On(PipelineEvent.GenerationPromoted, tell, new RecordingDestination("audit"));

        var failures = await global::Gryt.Pipelines.Internal.EventHooks.FireAsync(
            pipeline, PipelineEvent.GenerationPromoted, new Dictionary<string, object?> { ["event"] = "generation_promoted" }, project.Data);

        var failure = Assert.Single(failures);
        Assert.Equal("command: bash exited with code 1: token *** rejected", failure.Message);
        var rows = project.Query("SELECT destination, ok, error, run_id FROM hook_deliveries WHERE event = 'generation_promoted' ORDER BY destination");
        Assert.Equal(["audit", "command"], rows.Select(r => (string)r["destination"]!));
        Assert.Equal([1L, 0L], rows.Select(r => r["ok"]));
        Assert.Equal("command: bash exited with code 1: token *** rejected", rows[1]["error"]);
        Assert.All(rows, r => Assert.Null(r["run_id"]));
    }
}
