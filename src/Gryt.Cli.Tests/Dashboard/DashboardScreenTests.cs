using System.Diagnostics;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Dashboard;
using Gryt.Tests.TestSupport;
using Spectre.Console;

namespace Gryt.Cli.Tests.Dashboard;

/// <summary>
/// <c>gryt dashboard</c> headless: the guide's feature release made with real commands in a real
/// repository, keys pressed, the 80×24 screen compared with golden files.
/// </summary>
public sealed class DashboardScreenTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public DashboardScreenTests()
    {
        _gryt = new CliRunner(_repo.Root);
        GuideFeatureRelease.Declare(_repo, _gryt, "grep stripe feature.txt");
    }

    public void Dispose() => _repo.Dispose();

    /// <summary>The guide's feature release: a failed attempt at FEAT-101, then FEAT-101 and BUG-42 proven; not promoted yet.</summary>
    private void Evolve()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Assert.Equal(1, _gryt.Run("run", "release").ExitCode);
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        File.WriteAllText(Path.Combine(_repo.Root, "feature.txt"), "stripe\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "stripe");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        _gryt.Ok("run", "release");
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        _gryt.Ok("run", "release");
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
    }

    private DashboardHarness Harness() => new(_repo.Root, _gryt.Clock);

    /// <summary>Commits and step durations differ from run to run: pinned before comparing.</summary>
    private string Stable(string screen)
    {
        foreach (var sha in _repo.Git("log", "--format=%h").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            screen = screen.Replace(sha[..7], "0000000", StringComparison.Ordinal);
        }

        return System.Text.RegularExpressions.Regex.Replace(screen, @"\b\d+\.\ds\b", "0.0s");
    }

    private static void AssertFits(string screen, int width = 80, int height = 24)
    {
        var lines = screen.Split('\n');
        Assert.Equal(height, lines.Length);
        Assert.All(lines, line => Assert.Equal(width, line.GetCellWidth()));
    }

    [Fact]
    public void The_feature_release_shows_its_generation_changes_evolutions_run_and_audit_chain()
    {
        Evolve();
        using var dashboard = Harness();

        var screen = dashboard.Screen();

        AssertFits(screen);
        Golden.Verify("dashboard-feature-release", Stable(screen));
    }

    [Fact]
    public void The_gates_column_follows_the_built_in_gates_no_changes_unproven_ready_then_a_failure_not_since_passed()
    {
        using var dashboard = Harness();
        Assert.Contains("> v2.1.0  draft    no changes", dashboard.Screen(), StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_repo.Root, "feature.txt"), "stripe\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "stripe");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        _gryt.Ok("run", "release");
        Assert.Equal(DashboardRead.All, dashboard.Poll());
        Assert.Contains("> v2.1.0  draft    1 unproven", dashboard.Screen(), StringComparison.Ordinal);
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        _gryt.Ok("run", "release");
        Assert.Equal(DashboardRead.All, dashboard.Poll());
        Assert.Contains("> v2.1.0  draft    ready", dashboard.Screen(), StringComparison.Ordinal);

        // FEAT-101 fails again after it was proven: no_failed_evolutions stops the promotion.
        File.WriteAllText(Path.Combine(_repo.Root, "feature.txt"), "none\n");
        _repo.Git("commit", "--quiet", "-am", "no stripe");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Assert.Equal(1, _gryt.Run("run", "release").ExitCode);
        Assert.Equal(DashboardRead.All, dashboard.Poll());
        Assert.Contains("> v2.1.0  draft    1 failed", dashboard.Screen(), StringComparison.Ordinal);
    }

    [Fact]
    public void Enter_on_an_evolution_shows_its_run_and_Esc_goes_back_to_the_latest()
    {
        Evolve();
        using var dashboard = Harness();

        // Generations → changes → evolutions; down to rc.1 (the failed attempt), Enter.
        var drilled = dashboard.Screen("Tab", "Tab", "j", "j", "Enter");

        AssertFits(drilled);
        Golden.Verify("dashboard-evolution-run", Stable(drilled));
        Assert.Contains("4 Run release · fail", drilled, StringComparison.Ordinal);

        var back = dashboard.Screen("Esc");
        Assert.Contains("4 Run release · pass", back, StringComparison.Ordinal);
        Assert.Contains("▶ 3 Evolutions", back, StringComparison.Ordinal);
    }

    [Fact]
    public void Slash_filters_the_focused_panel_and_Esc_clears_it()
    {
        Evolve();
        using var dashboard = Harness();

        var filtered = dashboard.Screen("Tab", "/", "B", "U", "G", "Enter");

        Assert.Contains("/BUG", filtered, StringComparison.Ordinal);
        Assert.Contains("BUG-42", filtered, StringComparison.Ordinal);
        Assert.DoesNotContain("FEAT-101", filtered, StringComparison.Ordinal);

        var cleared = dashboard.Screen("Esc");
        Assert.Contains("FEAT-101", cleared, StringComparison.Ordinal);
    }

    [Fact]
    public void Question_mark_shows_the_keys_and_any_key_closes_them_and_q_quits()
    {
        using var dashboard = Harness();

        var help = dashboard.Screen("?");

        AssertFits(help);
        Golden.Verify("dashboard-help", help);
        Assert.DoesNotContain("Keys", dashboard.Screen("x"), StringComparison.Ordinal);
        Assert.Equal(Cli.Commands.DashboardCommands.KeyOutcome.Quit, dashboard.View.Key(DashboardHarness.Key("q")));
        Assert.Equal(Cli.Commands.DashboardCommands.KeyOutcome.Quit, dashboard.View.Key(DashboardHarness.Key("C-c")));
    }

    [Fact]
    public void Hostile_change_titles_stay_text_on_one_line_cut_to_their_column()
    {
        // gryt refuses such titles in contract files; a database edited by hand (or synced) can still hold them.
        _gryt.Ok("generation", "update", "v2.1.0");
        _gryt.Ok("db", "query", "--write",
            "UPDATE generation_changes SET title = '<script>alert(1)</script>' || char(8238) || 'gnp.exe' || char(27) || '[2J' WHERE change_id = 'FEAT-101'");
        _gryt.Ok("db", "query", "--write",
            "UPDATE generation_changes SET title = 'Timeout ' || replace(hex(zeroblob(200)), '00', 'very long ') WHERE change_id = 'BUG-42'");
        using var dashboard = Harness();

        var screen = dashboard.Screen("Tab");

        AssertFits(screen);
        Assert.Contains("<script>al", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", screen, StringComparison.Ordinal);
        Assert.Contains("Timeout very", screen, StringComparison.Ordinal);
        Assert.Contains("…", screen, StringComparison.Ordinal);
        Golden.Verify("dashboard-hostile-titles", Stable(screen));

        // Enter shows the whole title, the controls still replaced.
        var detail = dashboard.Screen("Enter");
        AssertFits(detail);
        Assert.Contains("<script>alert(1)</script>\uFFFDgnp.exe", detail, StringComparison.Ordinal);
        detail = dashboard.Screen("Esc", "j", "Enter");
        Assert.Contains("very long very long", detail, StringComparison.Ordinal);
        Assert.Contains("(Esc back)", detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_whose_process_is_gone_shows_as_interrupted_and_the_database_is_left_alone()
    {
        Evolve();
        using var dead = Process.Start(new ProcessStartInfo("true"))!;
        dead.WaitForExit();
        _gryt.Ok("db", "query", "--write",
            $"""
            INSERT INTO pipeline_runs (run_id, pipeline_name, status, started_at, host, pid)
            VALUES ('dead-run', 'release', 'running', '2025-03-14T09:40:00.000Z', '{Environment.MachineName}', {dead.Id});
            INSERT INTO step_runs (step_run_id, run_id, step_name, status, started_at) VALUES ('dead-step', 'dead-run', 'test', 'running', '2025-03-14T09:40:00.000Z');
            """);
        using var dashboard = Harness();

        var screen = dashboard.Screen();

        Assert.Contains("4 Run release · interrupted", screen, StringComparison.Ordinal);
        Assert.DoesNotContain("running", screen, StringComparison.Ordinal);
        // Read directly: any other gryt command would recover the run first.
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(_repo.Root, ".gryt", "gryt.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM pipeline_runs WHERE run_id = 'dead-run'";
        Assert.Equal("running", command.ExecuteScalar());
    }

    [Fact]
    public void A_running_step_shows_its_log_growing_and_a_write_elsewhere_is_seen()
    {
        Evolve();
        var log = Path.Combine(_repo.Root, ".gryt", "live-test.log");
        File.WriteAllText(log, "compiling\n");
        _gryt.Ok("db", "query", "--write",
            $"""
            INSERT INTO pipeline_runs (run_id, pipeline_name, status, started_at, host, pid)
            VALUES ('live-run', 'release', 'running', '2025-03-14T09:28:53.000Z', '{Environment.MachineName}', {Environment.ProcessId});
            INSERT INTO step_runs (step_run_id, run_id, step_name, status, started_at, log_path) VALUES ('live-step', 'live-run', 'test', 'running', '2025-03-14T09:28:53.000Z', '{log}');
            """);
        using var dashboard = Harness();

        var first = dashboard.Screen();
        Assert.Contains("4 Run release · running", first, StringComparison.Ordinal);
        Assert.Contains("1m00s", first, StringComparison.Ordinal); // the clock stands at 09:30
        Assert.Contains("compiling", first, StringComparison.Ordinal);

        // No write to the database: a tick reads the live run's log again, and nothing else (no SQL but PRAGMA data_version).
        File.AppendAllText(log, "test 1 of 3 passed\n");
        _gryt.Clock.Advance(TimeSpan.FromSeconds(2));
        var statements = dashboard.Statements;
        Assert.Equal(DashboardRead.Run, dashboard.Poll());
        Assert.Equal(1, dashboard.Statements - statements);
        var grown = dashboard.Screen();
        Assert.Contains("test 1 of 3 passed", grown, StringComparison.Ordinal);
        Assert.Contains("1m02s", grown, StringComparison.Ordinal);

        _gryt.Ok("db", "query", "--write", "UPDATE step_runs SET status = 'pass', duration_ms = 61000, output_tail = 'all 3 passed' WHERE step_run_id = 'live-step'");
        Assert.Equal(DashboardRead.All, dashboard.Poll());
        var ended = dashboard.Screen();
        Assert.Contains("all 3 passed", ended, StringComparison.Ordinal);
        Assert.Contains("1m01s", ended, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_terminal_it_refuses_in_one_line_and_points_at_the_json_commands()
    {
        var result = _gryt.Run("dashboard");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Out);
        Assert.Equal(
            "gryt: error: gryt dashboard needs a terminal: its output is not one\n" +
            "hint: in scripts read gryt generation list --json, gryt evolution list --json and gryt audit verify --json\n",
            result.Err);
    }

    [Fact]
    public void A_larger_terminal_gets_the_same_panels_bigger()
    {
        Evolve();
        using var dashboard = Harness();

        var screen = dashboard.ScreenOf(120, 40);

        AssertFits(screen, 120, 40);
        Assert.Contains("Stripe Connect support", screen, StringComparison.Ordinal);
    }
}
