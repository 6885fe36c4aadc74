using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Pipelines;

/// <summary>A bound <c>gryt run</c> that is killed or runs out of disk, in a real git repository.</summary>
[Trait("Category", "Slow")]
public sealed class RunFaultTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public RunFaultTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"A feature\"\npipeline_template: release\n");
    }

    public void Dispose() => _repo.Dispose();

    private void Pipeline(string run)
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"), $"name: release\nsteps:\n  - name: work\n    run: \"{run}\"\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract and pipeline");
        _gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");
    }

    private string Scalar(string sql)
    {
        using var rows = JsonDocument.Parse(_gryt.Ok("db", "query", sql, "--json").Out);
        return rows.RootElement.GetProperty("rows")[0].EnumerateObject().First().Value.ToString();
    }

    [Fact]
    public void After_kill_9_of_a_bound_run_the_next_command_of_any_kind_interrupts_run_and_evolution_and_kills_its_steps()
    {
        // The step's shell, a child in its tree, and a daemon that left the tree and its session.
        Pipeline("echo $$ > shell.pid; (setsid sleep 300 & echo $! > daemon.pid); sleep 301 & echo $! > child.pid; wait");
        var start = new ProcessStartInfo(GrytBinary.Path) { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("release");
        foreach (var name in new[] { "GRYT_DB", "GRYT_DEBUG", "CI" }) start.Environment.Remove(name);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["GRYT_ACTOR"] = CliRunner.Actor;
        int[] pids = [];
        using (var gryt = Process.Start(start)!)
        {
            gryt.StandardInput.Close();
            _ = gryt.StandardOutput.ReadToEndAsync();
            _ = gryt.StandardError.ReadToEndAsync();
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (pids.Length < 3 && DateTime.UtcNow < deadline)
                {
                    Thread.Sleep(100);
                    pids = new[] { "shell.pid", "daemon.pid", "child.pid" }.Select(ReadPid).Where(p => p > 0).ToArray();
                }

                Assert.True(pids.Length == 3, "the step did not start");
            }
            finally
            {
                gryt.Kill(); // SIGKILL: gryt has no chance to record anything
                gryt.WaitForExit();
            }
        }

        try
        {
            Assert.All(pids, pid => Assert.True(IsRunning(pid), $"step process {pid} should outlive a killed gryt until recovery"));

            _gryt.Ok("generation", "list");

            Assert.Equal("interrupted", Scalar("SELECT status FROM pipeline_runs"));
            Assert.Equal("interrupted", Scalar("SELECT status FROM step_runs"));
            Assert.Equal("interrupted", Scalar("SELECT status FROM evolutions"));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (pids.Any(IsRunning) && DateTime.UtcNow < deadline) Thread.Sleep(100);
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"step process {pid} survived the recovery"));
        }
        finally
        {
            foreach (var pid in pids.Where(IsRunning)) KillIfSleep(pid);
        }
    }

    [Fact]
    public void After_kill_9_every_step_that_finished_before_it_stays_recorded_as_it_ended()
    {
        // Steps' ends are committed with the next step's start: the kill comes while the third runs.
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"),
            "name: release\nfail_fast: false\nsteps:\n  - { name: one, run: \"echo first\" }\n  - { name: two, run: \"echo second; exit 3\" }\n" +
            "  - { name: three, run: \"echo $$ > three.pid; exec sleep 302\" }\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract and pipeline");
        _gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");
        var start = new ProcessStartInfo(GrytBinary.Path) { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("release");
        foreach (var name in new[] { "GRYT_DB", "GRYT_DEBUG", "CI" }) start.Environment.Remove(name);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["GRYT_ACTOR"] = CliRunner.Actor;
        var pid = 0;
        using (var gryt = Process.Start(start)!)
        {
            gryt.StandardInput.Close();
            _ = gryt.StandardOutput.ReadToEndAsync();
            _ = gryt.StandardError.ReadToEndAsync();
            try
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while ((pid = ReadPid("three.pid")) <= 0 && DateTime.UtcNow < deadline) Thread.Sleep(50);
                Assert.True(pid > 0, "the third step did not start");
            }
            finally
            {
                gryt.Kill();
                gryt.WaitForExit();
            }
        }

        try
        {
            _gryt.Ok("generation", "list");

            Assert.Equal("pass|0|first", Scalar("SELECT status || '|' || exit_code || '|' || output_tail FROM step_runs WHERE step_name = 'one' AND ended_at IS NOT NULL"));
            Assert.Equal("fail|3|second", Scalar("SELECT status || '|' || exit_code || '|' || output_tail FROM step_runs WHERE step_name = 'two' AND ended_at IS NOT NULL"));
            Assert.Equal("interrupted", Scalar("SELECT status FROM step_runs WHERE step_name = 'three'"));
            Assert.Equal("interrupted", Scalar("SELECT status FROM pipeline_runs"));
        }
        finally
        {
            if (pid > 0) KillIfSleep(pid);
        }
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task Ctrl_C_or_SIGTERM_ends_a_bound_run_interrupted_with_exit_130_and_kills_its_steps(string signal)
    {
        Pipeline("echo $$ > shell.pid; sleep 301 & echo $! > child.pid; wait");
        var start = new ProcessStartInfo(GrytBinary.Path) { WorkingDirectory = _repo.Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add("release");
        foreach (var name in new[] { "GRYT_DB", "GRYT_DEBUG", "CI" }) start.Environment.Remove(name);
        start.Environment["NO_COLOR"] = "1";
        start.Environment["GRYT_ACTOR"] = CliRunner.Actor;
        int[] pids = [];
        using var gryt = Process.Start(start)!;
        gryt.StandardInput.Close();
        var output = gryt.StandardOutput.ReadToEndAsync();
        _ = gryt.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (pids.Length < 2 && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
                pids = new[] { "shell.pid", "child.pid" }.Select(ReadPid).Where(p => p > 0).ToArray();
            }

            Assert.True(pids.Length == 2, "the step did not start");
            using (var kill = Process.Start("kill", ["-" + signal, gryt.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();

            using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await gryt.WaitForExitAsync(stopped.Token);
            Assert.Equal(130, gryt.ExitCode);
            Assert.Contains("release was interrupted", await output, StringComparison.Ordinal);
            Assert.Equal("interrupted", Scalar("SELECT status FROM pipeline_runs"));
            Assert.Equal("interrupted", Scalar("SELECT status FROM evolutions"));
            Assert.All(pids, pid => Assert.False(IsRunning(pid), $"step process {pid} outlived the interrupted run"));
        }
        finally
        {
            if (!gryt.HasExited) gryt.Kill();
            foreach (var pid in pids.Where(IsRunning)) KillIfSleep(pid);
        }
    }

    [Fact]
    public void Recovery_kills_only_the_processes_marked_with_a_step_of_the_dead_run()
    {
        Pipeline("true");
        // A run left running by a dead gryt; processes marked as its step, as a step of a live run, and unmarked.
        using var orphan = Sleep("s-dead");
        using var otherRun = Sleep("s-alive");
        using var unmarked = Sleep(null);
        try
        {
            // Written closed, then opened last: every command (db query too) recovers dead runs when it starts.
            _gryt.Ok("db", "query", "--write",
                "INSERT INTO pipeline_runs (run_id, pipeline_name, status, started_at, host, pid) VALUES ('r-dead', 'release', 'pass', '2025-01-01T00:00:00.000Z', '"
                + Environment.MachineName + "', 2147483646)");
            _gryt.Ok("db", "query", "--write", "INSERT INTO step_runs (step_run_id, run_id, step_name, status) VALUES ('s-dead', 'r-dead', 'work', 'running')");
            _gryt.Ok("db", "query", "--write", "UPDATE pipeline_runs SET status = 'running' WHERE run_id = 'r-dead'");

            _gryt.Ok("generation", "list");

            Assert.Equal("interrupted", Scalar("SELECT status FROM pipeline_runs WHERE run_id = 'r-dead'"));
            Assert.True(orphan.WaitForExit(10_000), "the dead run's step process survived");
            Assert.True(IsRunning(otherRun.Id), "a process of another run was killed");
            Assert.True(IsRunning(unmarked.Id), "an unmarked process was killed");
        }
        finally
        {
            foreach (var process in new[] { orphan, otherRun, unmarked }.Where(p => !p.HasExited)) process.Kill();
        }
    }

    private static Process Sleep(string? marker)
    {
        var start = new ProcessStartInfo("sleep", "30") { UseShellExecute = false };
        if (marker is not null) start.Environment["GRYT_STEP_RUN_ID"] = marker;
        return Process.Start(start)!;
    }

    [RootFact]
    public void A_bound_run_that_fills_the_disk_under_gryt_exits_5_promptly_and_run_and_evolution_end_recorded_or_recovered()
    {
        Pipeline("timeout 60 yes a line that fills the disk");
        var gryt = Path.Combine(_repo.Root, ".gryt");
        var saved = Path.Combine(_repo.Root, "gryt-saved");
        CopyTree(gryt, saved);
        using (var disk = new SmallDisk(gryt, "4m"))
        {
            CopyTree(saved, gryt);
            var clock = Stopwatch.StartNew();

            // The real binary: a run recorded by this test process would never count as dead.
            var run = GrytBinary.Run(_repo.Root, "run", "release");

            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(run.ExitCode == 5, run.ToString());
            Assert.Contains("No space left on device", run.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("internal error", run.Err, StringComparison.Ordinal);

            // Space comes back; the next command (any) finds the run recorded, or recovers it.
            Directory.Delete(Path.Combine(gryt, "logs"), recursive: true);
            _gryt.Ok("generation", "list");
            var runStatus = Scalar("SELECT status FROM pipeline_runs");
            var evolutionStatus = Scalar("SELECT status FROM evolutions");
            Assert.True(runStatus is "fail" or "interrupted", $"run {runStatus}, evolution {evolutionStatus}");
            Assert.True(evolutionStatus is "fail" or "interrupted", $"run {runStatus}, evolution {evolutionStatus}");
        }
    }

    private int ReadPid(string file)
    {
        var path = Path.Combine(_repo.Root, file);
        try
        {
            return File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state is not ("Z" or "X");
        }
        catch (IOException)
        {
            return false;
        }
    }

    // Cleanup after a failed assertion: only this test's sleeps.
    private static void KillIfSleep(int pid)
    {
        try
        {
            if (File.ReadAllText($"/proc/{pid}/cmdline").StartsWith("sleep\0", StringComparison.Ordinal)) Process.GetProcessById(pid).Kill();
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException)
        {
        }
    }

    private static void CopyTree(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)), overwrite: true);
        foreach (var folder in Directory.EnumerateDirectories(from)) CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)));
    }
}
