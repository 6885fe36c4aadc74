using System.Text;
using Gryt.Processes;
using Gryt.Tests.Pipelines;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Processes;

public sealed class ChildProcessTests
{
    private static ProcessCommand Bash(string script, string? folder = null) =>
        new("bash", ["-c", script]) { WorkingDirectory = folder };

    [Fact]
    public void Capture_keeps_stdout_and_stderr_apart_with_the_exit_code()
    {
        var result = ChildProcess.Capture(Bash("echo out; echo err >&2; exit 3"));

        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\n", result.Output);
        Assert.Equal("err\n", result.Error);
        Assert.False(result.TimedOut);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public void Capture_writes_the_input_to_stdin_and_passes_arguments_untouched()
    {
        var result = ChildProcess.Capture(new ProcessCommand("bash", ["-c", "cat; printf '[%s]' \"$1\"", "bash", "a b; $(rm -rf x) 'q'"])
        {
            Input = Encoding.UTF8.GetBytes("línea 1\nline 2\n"),
        });

        Assert.True(result.Succeeded);
        Assert.Equal("línea 1\nline 2\n[a b; $(rm -rf x) 'q']", result.Output);
    }

    [Fact]
    public void Without_input_a_captured_program_reads_end_of_file_at_once()
    {
        var result = ChildProcess.Capture(new ProcessCommand("cat", []), TimeSpan.FromSeconds(20));

        Assert.False(result.TimedOut);
        Assert.True(result.Succeeded);
        Assert.Equal("", result.Output);
    }

    [Fact]
    public void Capture_runs_in_the_folder_with_variables_added_to_the_inherited_environment()
    {
        using var folder = new TempDirectory();
        var result = ChildProcess.Capture(Bash("pwd; echo \"$GRYT_TEST_ADDED\"; command -v cat >/dev/null && echo has-path", folder.Path) with
        {
            Environment = new Dictionary<string, string> { ["GRYT_TEST_ADDED"] = "yes" },
        });

        Assert.Equal([Path.GetFullPath(folder.Path), "yes", "has-path"], result.Output.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Without_inheritance_the_process_gets_exactly_the_environment_given()
    {
        var result = ChildProcess.Capture(new ProcessCommand("/usr/bin/env", [])
        {
            Environment = new Dictionary<string, string> { ["ONLY"] = "this" },
            InheritEnvironment = false,
        });

        Assert.Equal("ONLY=this\n", result.Output);
    }

    [Fact]
    public void A_capture_past_its_time_limit_kills_the_whole_tree()
    {
        using var folder = new TempDirectory();
        var alsoKilled = false;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = ChildProcess.Capture(Bash("sleep 300 & echo $! > grandchild.pid; sleep 301", folder.Path) with { AlsoKill = () => alsoKilled = true },
            TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        Assert.False(result.Succeeded);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(alsoKilled);
        AssertDead(folder.Combine("grandchild.pid"));
    }

    [Fact]
    public void The_time_limit_holds_for_a_program_that_never_reads_its_input()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var result = ChildProcess.Capture(Bash("sleep 300") with { Input = new byte[4 * 1024 * 1024] }, TimeSpan.FromSeconds(1));

        Assert.True(result.TimedOut);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed.TotalSeconds:0.0} s");
    }

    [Fact]
    public async Task Cancelling_a_capture_kills_the_whole_tree()
    {
        using var folder = new TempDirectory();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            ChildProcess.CaptureAsync(Bash("sleep 300 & echo $! > grandchild.pid; sleep 301", folder.Path), cts.Token).WaitAsync(TimeSpan.FromSeconds(20)));

        AssertDead(folder.Combine("grandchild.pid"));
    }

    [Fact]
    public async Task CaptureAsync_writes_the_input_and_keeps_the_output()
    {
        var result = await ChildProcess.CaptureAsync(Bash("tr a-z A-Z; echo done >&2; exit 4") with { Input = "payload"u8.ToArray() }, CancellationToken.None);

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("PAYLOAD", result.Output);
        Assert.Equal("done\n", result.Error);
    }

    [Fact]
    public async Task A_program_that_does_not_read_its_input_is_not_an_error()
    {
        var input = new byte[1024 * 1024];

        var result = await ChildProcess.CaptureAsync(Bash("exit 0") with { Input = input }, CancellationToken.None);

        Assert.True(result.Succeeded);
    }

    [Fact]
    public async Task Streaming_passes_on_stdout_and_stderr_lines_as_they_come_and_returns_the_exit_code()
    {
        var lines = new List<string>();

        var code = await ChildProcess.StreamAsync(Bash("echo one; sleep 0.2; echo two >&2; sleep 0.2; printf 'three\\r\\nfour'; exit 7"), lines.Add, CancellationToken.None);

        Assert.Equal(7, code);
        // The two pipes are read side by side: order holds within each, not across them on a busy machine.
        Assert.Equal(["one", "three", "four"], lines.Where(line => line != "two"));
        Assert.Single(lines, "two");
    }

    [Fact]
    public async Task Cancelling_a_stream_kills_the_whole_tree_and_what_left_it()
    {
        using var folder = new TempDirectory();
        using var cts = new CancellationTokenSource();
        var alsoKilled = false;
        var started = new TaskCompletionSource();

        var run = ChildProcess.StreamAsync(Bash("sleep 300 & echo $! > grandchild.pid; echo started; sleep 301", folder.Path) with { AlsoKill = () => alsoKilled = true },
            line => { if (line == "started") started.TrySetResult(); }, cts.Token);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(20)));
        Assert.True(alsoKilled);
        AssertDead(folder.Combine("grandchild.pid"));
    }

    [Fact]
    public async Task A_missing_program_is_a_clear_error_in_every_mode()
    {
        var missing = new ProcessCommand("gryt-no-such-program", ["x"]);

        var captured = Assert.Throws<ProcessStartException>(() => ChildProcess.Capture(missing));
        await Assert.ThrowsAsync<ProcessStartException>(() => ChildProcess.CaptureAsync(missing, CancellationToken.None));
        await Assert.ThrowsAsync<ProcessStartException>(() => ChildProcess.StreamAsync(missing, _ => { }, CancellationToken.None));

        Assert.StartsWith("cannot start gryt-no-such-program: ", captured.Message, StringComparison.Ordinal);
        Assert.IsType<GrytEnvironmentException>(captured, exactMatch: false);
    }

    [Fact]
    public async Task A_line_without_newline_longer_than_the_limit_is_passed_on_in_pieces()
    {
        var lines = new List<string>();
        var text = new string('y', ChildProcess.MaxLineLength * 2 + 10) + "\nshort\r\nend";

        await ChildProcess.PumpAsync(new StringReader(text), lines.Add);

        Assert.Equal([ChildProcess.MaxLineLength, ChildProcess.MaxLineLength, 10, 5, 3], lines.Select(l => l.Length));
        Assert.Equal("short", lines[3]);
    }

    private static void AssertDead(string pidFile)
    {
        var pid = int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        // The kill is sent before the call returns; the grandchild may take a moment to be reaped.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (RuntimeTests.IsRunning(pid) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(RuntimeTests.IsRunning(pid), $"grandchild {pid} survived");
    }
}
