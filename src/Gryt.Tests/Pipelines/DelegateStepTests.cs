namespace Gryt.Tests.Pipelines;

public sealed class DelegateStepTests
{
    [Fact]
    public async Task A_delegate_step_runs_in_order_logs_records_metrics_and_runs_processes()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("delegates", [
            Step.Run("build", async ctx =>
            {
                ctx.Log("building in " + Path.GetFileName(ctx.WorkingDirectory));
                Assert.Equal(0, await ctx.RunShellAsync("echo built > built.txt"));
            }, description: "Build it"),
            Step.Run("measure", ctx => ctx.RecordMetric("coverage", 91.5), needs: ["build"]),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Equal("Build it", pipeline.Steps[0].Description);
        Assert.Equal(["build"], pipeline.Steps[1].Needs);
        Assert.True(File.Exists(project.PathOf("built.txt")));
        Assert.Contains("building in", File.ReadAllText(result.Steps[0].LogPath!));
        Assert.Equal(91.5, project.Query("SELECT metric_value FROM data_rows WHERE metric_name = 'coverage' AND step_name = 'measure'")[0]["metric_value"]);
        Assert.Equal(["pass", "pass"], project.Query("SELECT status FROM step_runs ORDER BY started_at").Select(r => (string)r["status"]!));
    }

    [Fact]
    public async Task A_delegate_that_throws_fails_its_step_with_the_message_and_is_retried()
    {
        using var project = new PipelineTestProject();
        var attempts = 0;
        var pipeline = new Pipeline("throws", [
            Step.Run("deploy", _ =>
            {
                attempts++;
                throw new InvalidOperationException("the registry refused the upload");
            }, retries: 1),
            Step.Run("announce", _ => { }, needs: ["deploy"]),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(2, attempts);
        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.Equal("the registry refused the upload", result.Steps[0].Message);
        Assert.Equal(StepStatus.Skipped, result.Steps[1].Status);
        Assert.Contains("the registry refused the upload", File.ReadAllText(result.Steps[0].LogPath!));
    }

    [Fact]
    public async Task A_delegate_step_past_its_timeout_fails_and_a_cancelled_run_interrupts_it()
    {
        using var project = new PipelineTestProject();
        var timedOut = new Pipeline("slow", [
            Step.Run("wait", ctx => Task.Delay(TimeSpan.FromMinutes(5), ctx.CancellationToken), timeout: TimeSpan.FromMilliseconds(300)),
        ]);

        var timeoutResult = await project.RunAsync(timedOut).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StepStatus.Fail, timeoutResult.Steps[0].Status);
        Assert.StartsWith("timed out after", timeoutResult.Steps[0].Message);

        var observer = new RecordingObserver();
        var endless = new Pipeline("long", [Step.Run("wait", async ctx => await ctx.RunShellAsync("sleep 60"))]);
        using var cts = new CancellationTokenSource();
        var run = project.RunAsync(endless, observer, cts.Token);
        await observer.Started("wait").WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();
        var interrupted = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Equal(StepStatus.Interrupted, interrupted.Steps[0].Status);
    }

    [Fact]
    public void A_delegate_step_takes_the_options_of_any_step()
    {
        var step = Step.Run("lint", _ => Task.CompletedTask, timeout: TimeSpan.FromSeconds(5), continueOnError: true,
            workingDirectory: "src", environment: new Dictionary<string, string> { ["MODE"] = "strict" });

        Assert.Equal(TimeSpan.FromSeconds(5), step.Timeout);
        Assert.True(step.ContinueOnError);
        Assert.Equal("src", step.WorkingDirectory);
        Assert.Equal("strict", step.Environment["MODE"]);
        Assert.Throws<ArgumentException>(() => Step.Run(" ", _ => { }));
    }
}
