using System.Diagnostics;
using Gryt.Storage;

namespace Gryt.Tests.Pipelines;

public sealed class RecordingTests
{
    [Fact]
    public async Task A_step_after_one_that_removed_the_logs_folder_still_gets_its_log()
    {
        // The run's log folder is made by its first step only: a later step whose folder has gone makes it again.
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("prune", [
            new CommandStep("prune", $"rm -rf '{project.Project.LogsFolder}'"),
            new CommandStep("after", "echo still logged"),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.False(File.Exists(result.Steps[0].LogPath));
        Assert.Equal("still logged" + Environment.NewLine, File.ReadAllText(result.Steps[1].LogPath!));
    }

    [Fact]
    public async Task Parallel_first_steps_all_get_their_logs_while_the_folder_is_being_made()
    {
        // Several steps find the run's log folder missing at once: each must still open its log
        // (one makes the folder between another's failed open and .NET's check of why it failed).
        using var project = new PipelineTestProject();
        for (var round = 0; round < 5; round++)
        {
            var steps = Enumerable.Range(0, 16).Select(i => (Step)new CommandStep($"s{i}", $"echo {i}")).ToList();
            var result = await project.RunAsync(new Pipeline($"wide{round}", steps) { ParallelRunners = 8 });

            Assert.Equal(RunStatus.Pass, result.Status);
            Assert.All(result.Steps, step => Assert.True(File.Exists(step.LogPath), step.Name));
        }
    }

    [Fact]
    public async Task Secrets_are_masked_in_results_logs_and_the_database()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("secret", [
            new CommandStep("leak", "echo \"token is $DEPLOY_TOKEN\" && echo \"$DEPLOY_TOKEN\" >&2 && exit 1"),
        ])
        {
            Environment = new Dictionary<string, string> { ["DEPLOY_TOKEN"] = "hunter2-s3cr3t" },
            Secrets = ["DEPLOY_TOKEN"],
        };

        var result = await project.RunAsync(pipeline);

        var step = result.Steps[0];
        Assert.Contains("token is ***", step.OutputTail);
        Assert.DoesNotContain(step.OutputTail, l => l.Contains("hunter2", StringComparison.Ordinal));
        Assert.DoesNotContain("hunter2", File.ReadAllText(step.LogPath!), StringComparison.Ordinal);
        var tail = (string)project.Query("SELECT output_tail FROM step_runs WHERE run_id = ?", result.RunId)[0]["output_tail"]!;
        Assert.Contains("token is ***", tail);
        Assert.DoesNotContain("hunter2", tail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_report_that_is_missing_is_noted_in_the_steps_log_file_and_its_tail()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("reports", [new CommandStep("test", "echo ran") { Reports = ["missing.xml"] }]);

        var result = await project.RunAsync(pipeline);

        var step = result.Steps[0];
        Assert.Contains("[gryt] report missing.xml was not found", File.ReadAllText(step.LogPath!), StringComparison.Ordinal);
        Assert.Contains(step.OutputTail, l => l.Contains("report missing.xml was not found", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_multi_line_secret_is_masked_line_by_line_and_whole_in_output_logs_database_and_hooks()
    {
        using var project = new PipelineTestProject();
        const string key = "-----BEGIN KEY-----\nMIIEpAIBAAKCAQEA7secretline\r\nq9zTailLine==\n-----END KEY-----";
        var hooks = new RecordingDestination("hooks");
        var pipeline = new Pipeline("secret", [
            new CommandStep("leak", "echo \"$SIGNING_KEY\"; printf 'inline %s end\\n' \"$(echo \"$SIGNING_KEY\" | sed -n 3p)\"; exit 1"),
            new FailingWithMessageStep("custom", "could not sign with\n" + key),
        ])
        {
            Environment = new Dictionary<string, string> { ["SIGNING_KEY"] = key },
            Secrets = ["SIGNING_KEY"],
            FailFast = false,
        }.On(PipelineEvent.StepFail, hooks).On(PipelineEvent.PipelineEnd, hooks);

        var result = await project.RunAsync(pipeline);

        string[] pieces = ["MIIEpAIBAAKCAQEA7secretline", "q9zTailLine==", "BEGIN KEY", "END KEY"];
        var leak = result.Steps[0];
        Assert.Contains("inline *** end", leak.OutputTail);
        var texts = new List<string>
        {
            string.Join('\n', leak.OutputTail),
            File.ReadAllText(leak.LogPath!),
            result.Steps[1].Message!,
            string.Join('\n', result.Steps[1].OutputTail),
            System.Text.Json.JsonSerializer.Serialize(hooks.Payloads),
        };
        texts.AddRange(project.Query("SELECT coalesce(output_tail, '') AS t FROM step_runs WHERE run_id = ?", result.RunId).Select(r => (string)r["t"]!));
        texts.AddRange(project.Query("SELECT coalesce(error, '') AS t FROM hook_deliveries WHERE run_id = ?", result.RunId).Select(r => (string)r["t"]!));
        foreach (var text in texts)
        {
            foreach (var piece in pieces) Assert.DoesNotContain(piece, text, StringComparison.Ordinal);
        }

        Assert.Contains("***", result.Steps[1].Message!, StringComparison.Ordinal);
        Assert.Equal(3, hooks.Payloads.Count);
    }

    private sealed class FailingWithMessageStep(string name, string message) : Step(name)
    {
        public override Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.Log(message);
            return Task.FromResult(new StepOutcome(false, 1, message));
        }
    }

    [Fact]
    public async Task Metric_lines_and_the_api_become_data_rows()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("metrics", [
            new CommandStep("coverage", "echo '::gryt metric coverage=87.5' && echo '::gryt metric broken=abc'"),
            new ApiMetricStep("api"),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        var rows = project.Query("SELECT step_name, metric_name, metric_value, source FROM data_rows WHERE run_id = ? ORDER BY metric_name", result.RunId);
        Assert.Equal(2, rows.Count);
        Assert.Equal(("coverage", 87.5, "line"), ((string)rows[0]["metric_name"]!, (double)rows[0]["metric_value"]!, (string)rows[0]["source"]!));
        Assert.Equal(("api", "tests_total"), ((string)rows[1]["step_name"]!, (string)rows[1]["metric_name"]!));
        Assert.Contains("ignored malformed metric line", File.ReadAllText(result.Steps[0].LogPath!));
    }

    [Fact]
    public async Task A_run_records_its_commit_and_whether_the_tree_is_dirty()
    {
        using var project = new PipelineTestProject();
        var head = project.Git("rev-parse", "HEAD");
        var pipeline = new Pipeline("git", [new CommandStep("x", "true")]);

        var clean = await project.RunAsync(pipeline);
        File.AppendAllText(project.PathOf("README.md"), "edited\n");
        var dirty = await project.RunAsync(pipeline);

        Assert.Equal((head, false), (clean.CommitSha, clean.Dirty));
        Assert.True(dirty.Dirty);
        var row = project.Query("SELECT commit_sha, dirty, status, exit_code, ended_at FROM pipeline_runs WHERE run_id = ?", dirty.RunId)[0];
        Assert.Equal(head, row["commit_sha"]);
        Assert.Equal(1L, row["dirty"]);
        Assert.Equal(0L, row["exit_code"]);
        Assert.NotNull(row["ended_at"]);
    }

    [Fact]
    public async Task Outside_a_git_repository_the_run_has_no_commit()
    {
        using var project = new PipelineTestProject(git: false);
        var result = await project.RunAsync(new Pipeline("nogit", [new CommandStep("x", "true")]));

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Null(result.CommitSha);
    }

    [Fact]
    public async Task Evolution_and_generation_ids_from_the_options_land_on_metrics()
    {
        using var project = new PipelineTestProject();
        // data_rows references generations and evolutions: create both.
        project.Data.Database.WriteTransaction(tx =>
        {
            using var command = project.Data.Database.Connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText =
                """
                INSERT INTO generations (generation_id, version, created_at, updated_at) VALUES ('g1', 'v1.0.0', 'now', 'now');
                INSERT INTO evolutions (evolution_id, generation_id, rc_number, tag, status, started_at) VALUES ('e1', 'g1', 1, 'v1.0.0-rc.1', 'pending', 'now');
                """;
            command.ExecuteNonQuery();
        });
        var pipeline = new Pipeline("bound", [new CommandStep("cov", "echo '::gryt metric coverage=91'")]);

        var result = await pipeline.ExecuteAsync(new ProcessRuntime(), project.Data, project.Options() with { EvolutionId = "e1", GenerationId = "g1" });

        var rows = project.Data.Query("SELECT metric_value FROM data_rows WHERE metric_name = 'coverage' AND generation_id = ?", "g1");
        Assert.Equal(91.0, Convert.ToDouble(rows[0]["metric_value"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("e1", project.Query("SELECT evolution_id FROM pipeline_runs WHERE run_id = ?", result.RunId)[0]["evolution_id"]);
    }

    [Fact]
    public void A_run_left_running_by_a_dead_process_is_marked_interrupted()
    {
        using var project = new PipelineTestProject();
        int deadPid;
        using (var gone = Process.Start("true")!)
        {
            gone.WaitForExit();
            deadPid = gone.Id;
        }

        var store = new RunStore(project.Data.Database);
        store.CreateRun("r-dead", "p", null, null, null, false, DateTimeOffset.UtcNow, Environment.MachineName, deadPid, null, null, [("s1", "a", null), ("s2", "b", null)]);
        store.StepStarted("s1", DateTimeOffset.UtcNow, null);
        store.CreateRun("r-alive", "p", null, null, null, false, DateTimeOffset.UtcNow, Environment.MachineName, Environment.ProcessId, null, null, []);

        var recovered = PipelineRuns.RecoverInterrupted(project.Data.Database, TimeProvider.System);

        Assert.Equal(1, recovered);
        Assert.Equal(RunStatus.Interrupted, PipelineRuns.Status(project.Data.Database, "r-dead"));
        Assert.Equal(RunStatus.Running, PipelineRuns.Status(project.Data.Database, "r-alive"));
        var steps = project.Query("SELECT status FROM step_runs WHERE run_id = 'r-dead' ORDER BY step_name");
        Assert.Equal(["interrupted", "skipped"], steps.Select(r => (string)r["status"]!));
    }

    [Fact]
    public async Task A_run_records_the_host_it_is_given_and_its_steps_inherit_that_hosts_environment()
    {
        using var project = new PipelineTestProject();
        var host = GrytHost.Current with
        {
            MachineName = "build-box-7",
            ProcessId = 424242,
            Environment = new Dictionary<string, string> { ["PATH"] = Environment.GetEnvironmentVariable("PATH")!, ["FROM_HOST"] = "yes" },
        };
        var pipeline = new Pipeline("seams", [new CommandStep("env", "echo \"$FROM_HOST\" > from-host.txt")]);

        var result = await pipeline.ExecuteAsync(new ProcessRuntime(), project.Data, project.Options() with { Host = host });

        Assert.Equal(RunStatus.Pass, result.Status);
        var run = project.Query("SELECT host, pid FROM pipeline_runs WHERE run_id = ?", result.RunId)[0];
        Assert.Equal("build-box-7", run["host"]);
        Assert.Equal(424242L, run["pid"]);
        Assert.Equal("yes\n", File.ReadAllText(project.PathOf("from-host.txt")));

        // Left running: this machine leaves another host's run alone, and so does the run's own process.
        using (var reopen = project.Data.Database.Connection.CreateCommand())
        {
            reopen.CommandText = "UPDATE pipeline_runs SET status = 'running', ended_at = NULL";
            reopen.ExecuteNonQuery();
        }

        Assert.Equal(0, PipelineRuns.RecoverInterrupted(project.Data.Database, TimeProvider.System));
        Assert.Equal(0, PipelineRuns.RecoverInterrupted(project.Data.Database, TimeProvider.System, host));
        Assert.Equal(1, PipelineRuns.RecoverInterrupted(project.Data.Database, TimeProvider.System, host with { ProcessId = Environment.ProcessId + 1 }));
    }

    [Fact]
    public void Query_binds_positional_parameters_and_ignores_question_marks_in_strings()
    {
        using var project = new PipelineTestProject();

        var rows = project.Data.Query("SELECT ? AS a, '?' AS b, ? AS c -- ?\n", 1, "two");

        Assert.Equal(1L, rows[0]["A"]);
        Assert.Equal("?", rows[0]["b"]);
        Assert.Equal("two", rows[0]["c"]);
        Assert.Throws<InvalidInputException>(() => project.Data.Query("SELECT ?", 1, 2));
        Assert.Throws<InvalidInputException>(() => project.Data.Query("DELETE FROM pipeline_runs"));
    }

    private sealed class ApiMetricStep(string name) : Step(name)
    {
        public override Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            context.RecordMetric("tests_total", 12);
            context.Log("recorded");
            return Task.FromResult(StepOutcome.FromExitCode(0));
        }
    }
}
