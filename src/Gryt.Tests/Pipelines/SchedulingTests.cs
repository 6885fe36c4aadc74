namespace Gryt.Tests.Pipelines;

public sealed class SchedulingTests
{
    [Fact]
    public async Task Needs_order_steps_even_with_two_runners()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("ordered", [
            new CommandStep("package", "test -f built.txt && echo packaged > packaged.txt") { Needs = ["build"] },
            new CommandStep("build", "sleep 0.5 && echo built > built.txt"),
        ]) { ParallelRunners = 2 };

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.True(File.Exists(project.PathOf("packaged.txt")));
    }

    [Fact]
    public async Task Fail_fast_skips_the_steps_not_started()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("fails", [
            new CommandStep("first", "echo one && exit 3"),
            new CommandStep("second", "touch should-not-exist"),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(3, result.Steps[0].ExitCode);
        Assert.Equal(StepStatus.Skipped, result.Steps[1].Status);
        Assert.False(File.Exists(project.PathOf("should-not-exist")));
        var rows = project.Query("SELECT step_name, status, exit_code FROM step_runs WHERE run_id = ? ORDER BY step_name", result.RunId);
        Assert.Equal(["fail", "skipped"], rows.Select(r => (string)r["status"]!));
        Assert.Equal("fail", project.Query("SELECT status FROM pipeline_runs WHERE run_id = ?", result.RunId)[0]["status"]);
    }

    [Fact]
    public async Task Without_fail_fast_independent_steps_run_and_dependents_are_skipped()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("nofast", [
            new CommandStep("broken", "exit 1"),
            new CommandStep("after", "true") { Needs = ["broken"] },
            new CommandStep("independent", "touch ran.txt"),
        ]) { FailFast = false };

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(StepStatus.Skipped, result.Steps[1].Status);
        Assert.Contains("broken", result.Steps[1].Message);
        Assert.Equal(StepStatus.Pass, result.Steps[2].Status);
        Assert.True(File.Exists(project.PathOf("ran.txt")));
    }

    [Fact]
    public async Task A_failed_step_skips_its_dependents_transitively_and_later_independent_steps_still_run()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("chain", [
            new CommandStep("first", "true"),
            new CommandStep("broken", "exit 1") { Needs = ["first"] },
            new CommandStep("test", "touch tested.txt") { Needs = ["broken"] },
            new CommandStep("package", "touch packaged.txt") { Needs = ["test"] },
            new CommandStep("docs", "touch docs.txt") { Needs = ["first"] },
        ]) { FailFast = false };

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal(
            [StepStatus.Pass, StepStatus.Fail, StepStatus.Skipped, StepStatus.Skipped, StepStatus.Pass],
            result.Steps.Select(s => s.Status));
        Assert.Contains("needs broken", result.Steps[2].Message);
        Assert.Contains("needs test", result.Steps[3].Message);
        Assert.False(File.Exists(project.PathOf("tested.txt")));
        Assert.False(File.Exists(project.PathOf("packaged.txt")));
        Assert.True(File.Exists(project.PathOf("docs.txt")));
    }

    [Fact]
    public async Task Continue_on_error_records_the_failure_without_failing_the_pipeline()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("tolerant", [
            new CommandStep("lint", "exit 2") { ContinueOnError = true },
            new CommandStep("build", "true") { Needs = ["lint"] },
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.True(result.Steps[0].Tolerated);
        Assert.Equal(StepStatus.Pass, result.Steps[1].Status);
        Assert.Equal("fail", project.Query("SELECT status FROM step_runs WHERE step_name = 'lint'")[0]["status"]);
    }

    [Fact]
    public async Task Retries_run_a_failing_step_again()
    {
        using var project = new PipelineTestProject();
        // Fails on the first attempt, passes on the second.
        var pipeline = new Pipeline("flaky", [
            new CommandStep("flaky", "if [ -f once ]; then echo second; else touch once; exit 1; fi") { Retries = 2 },
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Equal(2, result.Steps[0].Attempts);
        Assert.Equal(2L, project.Query("SELECT attempts FROM step_runs WHERE run_id = ?", result.RunId)[0]["attempts"]);
    }

    [Fact]
    public void A_cycle_is_refused_and_named()
    {
        var ex = Assert.Throws<InvalidInputException>(() => new Pipeline("cycle", [
            new CommandStep("a", "true") { Needs = ["c"] },
            new CommandStep("b", "true") { Needs = ["a"] },
            new CommandStep("c", "true") { Needs = ["b"] },
        ]));

        Assert.Contains("cycle", ex.Message);
        Assert.Contains("a -> c -> b -> a", ex.Message);
    }

    [Fact]
    public void Unknown_needs_duplicate_names_bad_names_and_zero_runners_are_refused()
    {
        Assert.Contains("'nope'", Assert.Throws<InvalidInputException>(() =>
            new Pipeline("p", [new CommandStep("a", "true") { Needs = ["nope"] }])).Message);
        Assert.Contains("duplicate", Assert.Throws<InvalidInputException>(() =>
            new Pipeline("p", [new CommandStep("a", "true"), new CommandStep("a", "true")])).Message);
        Assert.Contains("letters", Assert.Throws<InvalidInputException>(() =>
            new Pipeline("p", [new CommandStep("a b", "true")])).Message);
        Assert.Throws<InvalidInputException>(() => new Pipeline("p", [new CommandStep("a", "true")]) { ParallelRunners = 0 });
    }

    [Fact]
    public void On_adds_hooks_to_a_copy_and_leaves_the_pipeline_as_it_was()
    {
        var test = new CommandStep("test", "go test ./...", description: "Run unit tests");
        var build = new CommandStep("build", "go build -o bin/app", description: "Build binary");
        var plain = new Pipeline("ci-pipeline", [test, build]) { ParallelRunners = 2 };

        var hooked = plain
            .On(PipelineEvent.PipelineFail, new RecordingDestination("print"), new RecordingDestination("slack"))
            .On(PipelineEvent.PipelineFail, new RecordingDestination("pager"));

        Assert.Equal(["print", "slack", "pager"], hooked.Hooks[PipelineEvent.PipelineFail].Select(d => d.Name));
        Assert.Equal(2, hooked.ParallelRunners);
        Assert.Empty(plain.Hooks);
    }
}

[CollectionDefinition(nameof(TimingSensitive), DisableParallelization = true)]
public sealed class TimingSensitive;

[Collection(nameof(TimingSensitive))]
public sealed class ParallelismTests
{
    [Theory]
    [InlineData(3, true)]
    [InlineData(1, false)]
    public async Task Steps_recorded_intervals_overlap_on_parallel_runners_and_not_on_one(int runners, bool overlap)
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("parallel", [
            new CommandStep("a", "sleep 1"), new CommandStep("b", "sleep 1"), new CommandStep("c", "sleep 1"),
        ]) { ParallelRunners = runners };

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        var intervals = project.Query("SELECT step_name, started_at, ended_at FROM step_runs WHERE run_id = ? ORDER BY started_at", result.RunId)
            .Select(r => (Name: (string)r["step_name"]!, Start: Instant(r["started_at"]), End: Instant(r["ended_at"])))
            .ToList();
        Assert.Equal(3, intervals.Count);
        foreach (var first in intervals)
        {
            foreach (var second in intervals.Where(i => i.Name != first.Name))
            {
                var overlaps = first.Start < second.End && second.Start < first.End;
                Assert.True(overlaps == overlap, $"{first.Name} {first.Start:O}..{first.End:O} and {second.Name} {second.Start:O}..{second.End:O}");
            }
        }
    }

    [Fact]
    public async Task One_runner_never_runs_two_steps_at_once()
    {
        using var project = new PipelineTestProject();
        // Each step fails if another holds the marker file.
        const string Exclusive = "if [ -e busy ]; then exit 9; fi; touch busy; sleep 0.2; rm busy";
        var pipeline = new Pipeline("serial", [
            new CommandStep("a", Exclusive), new CommandStep("b", Exclusive), new CommandStep("c", Exclusive),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
    }

    private static DateTimeOffset Instant(object? recorded) =>
        DateTimeOffset.Parse((string)recorded!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal);
}
