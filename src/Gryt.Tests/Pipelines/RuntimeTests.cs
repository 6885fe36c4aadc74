using Gryt.Pipelines.Internal;

namespace Gryt.Tests.Pipelines;

public sealed class RuntimeTests
{
    [Fact]
    public async Task A_timeout_kills_the_whole_process_tree_and_fails_the_step()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("slow", [
            new CommandStep("hang", "sleep 300 & echo $! > grandchild.pid; sleep 301") { Timeout = TimeSpan.FromSeconds(1) },
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Contains("timed out after 1s", result.Steps[0].Message);
        var pid = int.Parse(File.ReadAllText(project.PathOf("grandchild.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(IsRunning(pid), $"grandchild {pid} survived the timeout");
    }

    [Fact]
    public async Task A_timed_out_step_ends_within_the_grace_period_while_a_daemon_holds_its_output_and_the_run_goes_on()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("daemon", [
            // The daemon scrubs its environment (env -i): the timeout cannot find it, only stop reading from it.
            new CommandStep("hang", "(setsid env -i sleep 15 & echo $! > daemon.pid); sleep 79") { Timeout = TimeSpan.FromSeconds(1), ContinueOnError = true },
            new CommandStep("after", "echo still-here") { Needs = ["hang"] },
        ]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var result = await project.RunAsync(pipeline).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1) + ProcessRuntime.PipeGrace + TimeSpan.FromSeconds(4), $"took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
            Assert.Contains("timed out after 1s", result.Steps[0].Message);
            Assert.Equal(StepStatus.Pass, result.Steps[1].Status);
            Assert.Contains("still-here", result.Steps[1].OutputTail);
        }
        finally
        {
            KillPidFile(project.PathOf("daemon.pid"));
        }
    }

    [Fact]
    public async Task A_timeout_also_kills_descendants_that_left_the_process_tree()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("daemon", [
            new CommandStep("hang", "(setsid sleep 15 & echo $! > daemon.pid); sleep 79") { Timeout = TimeSpan.FromSeconds(1) },
        ]);

        try
        {
            var result = await project.RunAsync(pipeline).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.Contains("timed out after 1s", result.Steps[0].Message);
            var pid = int.Parse(File.ReadAllText(project.PathOf("daemon.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (IsRunning(pid) && DateTime.UtcNow < deadline) await Task.Delay(100);
            Assert.False(IsRunning(pid), $"the daemon {pid} survived the timeout");
        }
        finally
        {
            KillPidFile(project.PathOf("daemon.pid"));
        }
    }

    [Fact]
    public async Task A_step_that_exits_while_a_daemon_holds_its_output_passes_without_waiting_for_the_daemon()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("daemon", [new CommandStep("start", "(setsid sleep 15 & echo $! > daemon.pid); echo started")]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var result = await project.RunAsync(pipeline).WaitAsync(TimeSpan.FromSeconds(30));

            Assert.True(clock.Elapsed < ProcessRuntime.PipeGrace + TimeSpan.FromSeconds(4), $"took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.Equal(StepStatus.Pass, result.Steps[0].Status);
            Assert.Contains("started", result.Steps[0].OutputTail);
            Assert.Contains(result.Steps[0].OutputTail, l => l.StartsWith("[gryt] stopped reading output", StringComparison.Ordinal));
        }
        finally
        {
            KillPidFile(project.PathOf("daemon.pid"));
        }
    }

    [Fact]
    public async Task Output_is_drained_and_the_process_stopped_when_the_consumer_of_its_lines_fails()
    {
        var seen = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var run = new ProcessRuntime().RunAsync(
            new ProcessSpec("bash", ["-c", "yes line >&2 & yes line"], Path.GetTempPath(), new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }),
            _ =>
            {
                if (Interlocked.Increment(ref seen) == 1000) throw new IOException("No space left on device");
            },
            CancellationToken.None);

        var error = await Assert.ThrowsAsync<IOException>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));

        Assert.Contains("No space left", error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private static void KillPidFile(string path)
    {
        if (!File.Exists(path)) return;
        var pid = int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            // Only the daemon this test started: its command line is the test's own.
            if (File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim() == "sleep 15") process.Kill();
        }
        catch (ArgumentException)
        {
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public async Task Cancelling_interrupts_the_run_and_the_running_step()
    {
        using var project = new PipelineTestProject();
        var observer = new RecordingObserver();
        var pipeline = new Pipeline("long", [
            new CommandStep("wait", "sleep 60"),
            new CommandStep("later", "true") { Needs = ["wait"] },
        ]);
        using var cts = new CancellationTokenSource();

        var run = project.RunAsync(pipeline, observer, cts.Token);
        await observer.Started("wait").WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(RunStatus.Interrupted, result.Status);
        Assert.Equal(130, result.ExitCode);
        Assert.Equal(StepStatus.Interrupted, result.Steps[0].Status);
        Assert.Equal(StepStatus.Skipped, result.Steps[1].Status);
        Assert.Equal("interrupted", project.Query("SELECT status FROM pipeline_runs WHERE run_id = ?", result.RunId)[0]["status"]);
        Assert.Equal("interrupted", project.Query("SELECT status FROM step_runs WHERE step_name = 'wait'")[0]["status"]);
    }

    [Fact]
    public async Task Steps_get_the_inherited_environment_with_pipeline_and_step_variables_and_keep_path()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("env", [
            new CommandStep("show", "echo \"A=$A B=$B\" > env.txt && command -v sh > sh.txt")
            {
                Environment = new Dictionary<string, string> { ["B"] = "step", ["PATH"] = "/opt/gryt-test/bin" },
            },
        ]) { Environment = new Dictionary<string, string> { ["A"] = "pipeline", ["B"] = "pipeline" } };

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Equal("A=pipeline B=step", File.ReadAllText(project.PathOf("env.txt")).Trim());
        Assert.NotEmpty(File.ReadAllText(project.PathOf("sh.txt")).Trim());
    }

    [Fact]
    public void A_path_given_by_the_pipeline_goes_in_front_of_the_inherited_one()
    {
        var merged = PipelineRunner.MergeEnvironment(
            new Dictionary<string, string> { ["PATH"] = "/usr/bin", ["X"] = "1" },
            new Dictionary<string, string> { ["PATH"] = "/opt/bin" });

        Assert.Equal("/opt/bin" + Path.PathSeparator + "/usr/bin", merged["PATH"]);
        Assert.Equal("1", merged["X"]);
    }

    [Fact]
    public async Task Big_output_is_streamed_to_the_log_with_a_bounded_tail()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("loud", [
            new CommandStep("spew", "head -c 20000000 /dev/zero | tr '\\0' 'x' | fold -w 100; echo; echo last-line"),
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(RunStatus.Pass, result.Status);
        var step = result.Steps[0];
        Assert.True(new FileInfo(step.LogPath!).Length > 20_000_000);
        Assert.Equal("last-line", step.OutputTail[^1]);
        Assert.True(step.OutputTail.Count <= 64);
        var tail = (string)project.Query("SELECT output_tail FROM step_runs WHERE run_id = ?", result.RunId)[0]["output_tail"]!;
        Assert.True(tail.Length <= 8 * 1024, $"tail of {tail.Length} chars");
        Assert.EndsWith("last-line", tail);
    }

    [Fact]
    public async Task A_program_that_cannot_start_fails_with_127()
    {
        var lines = new List<string>();
        var code = await new ProcessRuntime().RunAsync(
            new ProcessSpec("/no/such/program", [], Path.GetTempPath(), new Dictionary<string, string>()), lines.Add, CancellationToken.None);

        Assert.Equal(127, code);
        Assert.Contains("/no/such/program", lines[0]);
    }

    [Fact]
    public async Task A_missing_working_directory_fails_the_step_with_a_message()
    {
        using var project = new PipelineTestProject();
        var result = await project.RunAsync(new Pipeline("cwd", [new CommandStep("x", "true") { WorkingDirectory = "nowhere" }]));

        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.Contains("nowhere", result.Steps[0].Message);
    }

    internal static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try
        {
            // A killed process whose parent is gone may linger as a zombie (state Z) until reaped: it runs nothing.
            var fields = File.ReadAllText(stat);
            var state = fields[(fields.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
    }
}
