using Gryt.Cli.Tests.TestSupport;
using Gryt.Processes;
using Gryt.Steps;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Dashboard;

/// <summary>
/// The built <c>gryt dashboard</c> in a real terminal: tmux at 80×24, keys sent with
/// <c>send-keys</c>, the screen read with <c>capture-pane</c>.
/// </summary>
public sealed class DashboardTerminalTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;
    private readonly string _socket = "gryt-test-" + Guid.NewGuid().ToString("N")[..12];

    public DashboardTerminalTests()
    {
        _gryt = new CliRunner(_repo.Root);
    }

    public void Dispose()
    {
        if (ToolLocator.Find("tmux", GrytHost.Current) is not null) Tmux(true, "kill-server");
        _repo.Dispose();
    }

    [TmuxFact]
    [Trait("Category", "Slow")]
    public void In_a_real_terminal_it_draws_the_release_follows_keys_and_writes_elsewhere_and_quits_on_q()
    {
        GuideFeatureRelease.Declare(_repo, _gryt, "echo ok");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        _gryt.Ok("run", "release");

        var command = $"'{GrytBinary.Path}' dashboard; echo \"dashboard exited $?\"; sleep 60";
        Tmux(false, "new-session", "-d", "-s", "main", "-x", "80", "-y", "24", "-c", _repo.Root,
            "-e", "NO_COLOR=1", "-e", "GIT_CONFIG_NOSYSTEM=1", "-e", "GIT_CONFIG_GLOBAL=/dev/null", "-e", "GRYT_DB=", command);

        // The first frame comes before the first read: wait for the data.
        var screen = WaitFor("1 unproven");
        Assert.Contains("1 Generations", screen, StringComparison.Ordinal);
        Assert.Contains("v2.1.0", screen, StringComparison.Ordinal);
        Assert.Contains("rc.1", screen, StringComparison.Ordinal);
        Assert.Contains("q quit", screen, StringComparison.Ordinal);
        Assert.Equal(24, screen.TrimEnd('\n').Split('\n').Length);

        Tmux(false, "send-keys", "-t", "main", "Tab");
        WaitFor("▶ 2 Changes");

        // Another gryt writes: the open dashboard sees it within about a second, unasked.
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        _gryt.Ok("run", "release");
        // A read between the two commands shows rc.2 running, BUG-42 still unproven: wait for the end.
        screen = WaitFor(" ready ");
        Assert.Contains("rc.2", screen, StringComparison.Ordinal);

        Tmux(false, "send-keys", "-t", "main", "q");
        WaitFor("dashboard exited 0");
    }

    private string WaitFor(string text)
    {
        var screen = "";
        for (var waited = 0; waited < 30_000; waited += 200)
        {
            screen = Tmux(false, "capture-pane", "-p", "-t", "main");
            if (screen.Contains(text, StringComparison.Ordinal)) return screen;
            Thread.Sleep(200);
        }

        Assert.Fail($"the terminal never showed \"{text}\"; it shows:\n{screen}");
        return screen;
    }

    private string Tmux(bool allowFailure, params string[] args)
    {
        var result = ChildProcess.Capture(new ProcessCommand("tmux", ["-L", _socket, .. args]) { WorkingDirectory = _repo.Root }, TimeSpan.FromSeconds(30));
        Assert.True(allowFailure || result.ExitCode == 0, $"tmux {string.Join(' ', args)} failed: {result.Output}{result.Error}");
        return result.Output;
    }
}

/// <summary>A slow fact that runs only where tmux is installed, and says so where it is not.</summary>
internal sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (ToolLocator.Find("tmux", GrytHost.Current) is null) Skip = "tmux is not installed on this machine (.ci/run installs it from Debian packages)";
    }
}
