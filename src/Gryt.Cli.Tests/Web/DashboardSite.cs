using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;
using Microsoft.Playwright;

namespace Gryt.Cli.Tests.Web;

/// <summary>
/// The web dashboard with the guide's feature release on it, made the way users make it: a real
/// gryt-server on 127.0.0.1, a clone in hybrid mode whose runner key proves v2.1.0 (FEAT-101, BUG-42)
/// with a real run and pushes it; beside the guide's two changes one with a hostile title, and the step
/// prints a hostile line. A headless
/// chromium reads it with a key of its own (alice, admin).
/// </summary>
public sealed class DashboardSite : IAsyncLifetime, IDisposable
{
    public const string HostileTitle = "<script>alert(1)</script>";

    /// <summary>A line the release pipeline's step prints: markup and a right-to-left override.</summary>
    public const string HostileLine = "<img src=x onerror=alert(2)> \u202Eexe.evil";

    private SyncServer? _server;
    private IPlaywright? _playwright;

    internal GitRepository Repo { get; } = new();

    internal TempDirectory Home { get; } = new();

    internal CliRunner Gryt { get; private set; } = null!;

    internal SyncServer Server => _server!;

    public string ViewerKey { get; private set; } = "";

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null) return;
        _server = new SyncServer();
        var runnerKey = _server.CreateKey("shop", "write", "runner-1");
        ViewerKey = _server.CreateKey("shop", "admin", "alice");

        Gryt = new CliRunner(Repo.Root);
        Gryt.Variables["XDG_CONFIG_HOME"] = Home.Path;
        // Contracts refuse control characters (U+202E among them); a step's output may print anything.
        File.WriteAllText(Path.Combine(Repo.Root, "test.sh"), "echo tests passed\nprintf '%s \\342\\200\\256%s\\n' '<img src=x onerror=alert(2)>' 'exe.evil'\n");
        GuideFeatureRelease.Declare(Repo, Gryt, "\"bash test.sh\"");
        File.WriteAllText(Path.Combine(Repo.Root, ".gryt", "generations", "v2.1.0.yaml"),
            "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: \"Stripe Connect support\"\n  - type: fix\n    id: BUG-42\n    title: \"Timeout on large transactions\"\n" +
            $"  - type: fix\n    id: XSS-1\n    title: \"{HostileTitle}\"\npipeline_template: release\n");
        Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", _server.Url, "--project", "shop");
        Repo.Git("commit", "--quiet", "-am", "a change with a hostile title; the sync server");
        Gryt.Variables["GRYT_TOKEN"] = runnerKey;
        Gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101", "--change", "BUG-42");
        Gryt.Ok("run", "release");
        Gryt.Ok("sync", "push");

        _playwright = await Playwright.CreateAsync();
        Browser = await Chromium.LaunchAsync(_playwright);
    }

    /// <summary>A fresh browser context signed in as alice (the sign-in form, as a user does it), on the portfolio.</summary>
    public async Task<IPage> SignedInAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Server.Url, ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/login**");
        await page.FillAsync("#key", ViewerKey);
        await page.ClickAsync("form.login button[type=submit]");
        await Chromium.ArrivedAsync(page, Server.Url + "/");
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        Dispose();
    }

    public void Dispose()
    {
        _playwright?.Dispose();
        _playwright = null;
        _server?.Dispose();
        _server = null;
        Home.Dispose();
        Repo.Dispose();
    }
}
