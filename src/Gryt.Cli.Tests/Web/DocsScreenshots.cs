using Microsoft.Playwright;

namespace Gryt.Cli.Tests.Web;

/// <summary>
/// Retakes the screenshots of docs/dashboard.md from a server that <c>scripts/sync-demo.sh --keep-server</c>
/// left running on its walk's data (it prints both variables):
/// <code>GRYT_DASHBOARD_URL=… GRYT_DASHBOARD_KEY=… dotnet test src/Gryt.Cli.Tests --filter FullyQualifiedName~DocsScreenshots</code>
/// Skipped without them: the pictures are docs, not a check.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DocsScreenshots
{
    private static readonly (string Name, string Path)[] Views =
    [
        ("portfolio", "/"),
        ("contract", "/p/shop/g/v2.1.0"),
        ("evolution", "/p/shop/e/v2.1.0-rc.2"),
        ("audit", "/p/shop/audit"),
        ("sync", "/p/shop/sync"),
    ];

    [DocsScreenshotsFact]
    public async Task The_web_views_of_the_sync_walk()
    {
        var url = Environment.GetEnvironmentVariable("GRYT_DASHBOARD_URL")!;
        var key = Environment.GetEnvironmentVariable("GRYT_DASHBOARD_KEY")!;
        var folder = Path.Combine(Path.GetDirectoryName(Chromium.ScreenshotFolder)!, "..", "docs", "images");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Chromium.LaunchAsync(playwright);
        foreach (var (width, suffix) in new[] { (1000, ""), (375, "-375") })
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = url, ViewportSize = new ViewportSize { Width = width, Height = 640 } });
            var page = await context.NewPageAsync();
            await page.GotoAsync("/login");
            await page.FillAsync("#key", key);
            await page.ClickAsync("form.login button[type=submit]");
            await Chromium.ArrivedAsync(page, url.TrimEnd('/') + "/");
            foreach (var (name, path) in width == 1000 ? Views : Views[..2])
            {
                var response = await page.GotoAsync(path);
                Assert.Equal(200, response!.Status);
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"dashboard-{name}{suffix}.png") });
            }

            await context.DisposeAsync();
        }
    }
}

/// <summary>Runs only with GRYT_DASHBOARD_URL and GRYT_DASHBOARD_KEY set (and chromium there).</summary>
internal sealed class DocsScreenshotsFactAttribute : FactAttribute
{
    public DocsScreenshotsFactAttribute()
    {
        if (Chromium.SkipReason is { } reason) Skip = reason;
        else if (Environment.GetEnvironmentVariable("GRYT_DASHBOARD_URL") is null || Environment.GetEnvironmentVariable("GRYT_DASHBOARD_KEY") is null)
        {
            Skip = "retakes the docs' screenshots: set GRYT_DASHBOARD_URL and GRYT_DASHBOARD_KEY (scripts/sync-demo.sh --keep-server prints them)";
        }
    }
}
