using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>Steps whose log lands on a disk that fills up: a real, small tmpfs (root only).</summary>
public sealed class DiskFullTests
{
    [RootFact]
    public async Task A_step_printing_onto_a_full_disk_fails_the_step_and_run_promptly_and_both_are_recorded()
    {
        using var project = new PipelineTestProject();
        using var logs = new SmallDisk(project.PathOf("small-logs"), "256k");
        var pipeline = new Pipeline("full", [
            new CommandStep("spew", "timeout 60 yes 'a line that fills the disk'"),
            new CommandStep("sleeper", "timeout 60 sleep 59"),
            new CommandStep("later", "true") { Needs = ["spew"] },
        ]) { ParallelRunners = 2 };

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await pipeline.ExecuteAsync(new ProcessRuntime(), project.Data, project.Options() with { LogsFolder = logs.Path })
            .WaitAsync(TimeSpan.FromSeconds(45));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(5, result.ExitCode);
        Assert.Contains("No space left on device", result.Fault);
        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.StartsWith("cannot write the step's log", result.Steps[0].Message);
        Assert.EndsWith(".log: No space left on device", result.Steps[0].Message);
        // Stopped with the run; its own log (gryt's note that it was stopped) may not fit either.
        Assert.Contains(result.Steps[1].Status, new[] { StepStatus.Interrupted, StepStatus.Fail });
        Assert.Equal(StepStatus.Skipped, result.Steps[2].Status);
        var run = project.Query("SELECT status, exit_code FROM pipeline_runs WHERE run_id = ?", result.RunId)[0];
        Assert.Equal(("fail", 5L), ((string)run["status"]!, (long)run["exit_code"]!));
        var steps = project.Query("SELECT step_name, status FROM step_runs WHERE run_id = ? ORDER BY step_name", result.RunId);
        Assert.Equal(["later:skipped", $"sleeper:{result.Steps[1].Status.ToWord()}", "spew:fail"], steps.Select(r => $"{r["step_name"]}:{r["status"]}"));
    }

    [RootFact]
    public async Task A_step_whose_log_cannot_even_be_created_fails_without_running()
    {
        using var project = new PipelineTestProject();
        // Inodes run out as surely as blocks: the root folder and the filler take both, so the run's log folder cannot be made.
        using var logs = new SmallDisk(project.PathOf("small-logs"), "64k,nr_inodes=2");
        logs.Fill();
        var pipeline = new Pipeline("full", [new CommandStep("quiet", "touch ran.txt")]);

        var result = await pipeline.ExecuteAsync(new ProcessRuntime(), project.Data, project.Options() with { LogsFolder = Path.Combine(logs.Path, "a", "b") })
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.NotNull(result.Fault);
        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.StartsWith("cannot write the step's log", result.Steps[0].Message);
        Assert.False(File.Exists(project.PathOf("ran.txt")), "the step ran without a log");
        Assert.Equal("fail", project.Query("SELECT status FROM pipeline_runs WHERE run_id = ?", result.RunId)[0]["status"]);
    }

    [RootFact]
    public async Task A_database_that_fills_up_during_the_run_stops_it_promptly_with_the_reason()
    {
        using var project = new PipelineTestProject();
        using var disk = new SmallDisk(project.PathOf("small-db"), "2m");
        using var data = new SqliteData(Path.Combine(disk.Path, "gryt.db"));
        // The step fills the database's disk, then records a metric (a database write), then would sleep on.
        var pipeline = new Pipeline("full", [
            new CommandStep("fill", $"head -c 10M /dev/zero > '{disk.Path}/filler'; echo '::gryt metric coverage=1'; timeout 60 sleep 59"),
        ]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await pipeline.ExecuteAsync(new ProcessRuntime(), data, project.Options()).WaitAsync(TimeSpan.FromSeconds(45));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(5, result.ExitCode);
        Assert.StartsWith("cannot record the run in the database", result.Fault);
        Assert.NotEqual(StepStatus.Pass, result.Steps[0].Status);
    }
}
