using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Gryt.Cli.Tests.Web;

/// <summary>
/// The web dashboard in a real chromium (docs/dashboard.md "Web"): sign-in, every view, the
/// drill-down, a running step's tail growing in an open page, hostile titles, a phone's width.
/// Each view leaves a screenshot in artifacts/screenshots/.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DashboardBrowserTests(DashboardSite site) : IClassFixture<DashboardSite>
{
    private static readonly string[] Views = ["/", "/p/shop/g/v2.1.0", "/p/shop/e/v2.1.0-rc.1", "/p/shop/audit", "/p/shop/sync"];

    [ChromiumFact]
    public async Task Signed_out_the_dashboard_asks_for_a_key_and_a_wrong_one_is_one_line()
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.Server.Url });
        var page = await context.NewPageAsync();

        await page.GotoAsync("/p/shop/audit");
        await page.WaitForURLAsync("**/login**");
        await Chromium.ScreenshotAsync(page, "login");
        await page.FillAsync("#key", "gryt_0123456789ab_bm90IGEga2V5");
        await page.ClickAsync("form.login button[type=submit]");

        await Expect(page.Locator("p.error")).ToBeVisibleAsync();
        Assert.DoesNotContain('\n', (await page.Locator("p.error").InnerTextAsync()).Trim());
        Assert.Contains("/login", page.Url, StringComparison.Ordinal);
        await context.DisposeAsync();
    }

    [ChromiumFact]
    public async Task Signing_in_leads_from_the_portfolio_through_the_contract_to_the_run()
    {
        var page = await site.SignedInAsync();
        await Expect(page.Locator("a[href='/p/shop/g/v2.1.0']")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "portfolio");

        await page.ClickAsync("a[href='/p/shop/g/v2.1.0']");
        await Chromium.ArrivedAsync(page, "/p/shop/g/v2.1.0");
        await Expect(page.Locator("h1")).ToContainTextAsync("v2.1.0");
        await Expect(page.Locator("main")).ToContainTextAsync("FEAT-101");
        await Expect(page.Locator("main")).ToContainTextAsync("BUG-42");
        await Chromium.ScreenshotAsync(page, "contract");

        await page.Locator("a[href='/p/shop/e/v2.1.0-rc.1']").First.ClickAsync();
        await Chromium.ArrivedAsync(page, "/p/shop/e/v2.1.0-rc.1");
        await Expect(page.Locator("h1")).ToContainTextAsync("v2.1.0-rc.1");
        await Expect(page.Locator("tr[data-step='test'] td.status")).ToHaveTextAsync("pass");
        await Expect(page.Locator("pre.tail[data-step='test']")).ToContainTextAsync("tests passed");
        await Chromium.ScreenshotAsync(page, "evolution");

        foreach (var (link, name) in new[] { ("Audit", "audit"), ("Runners and sync", "sync") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Chromium.ArrivedAsync(page, $"/p/shop/{name}");
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, name);
        }
    }

    [ChromiumFact]
    public async Task A_hostile_title_is_shown_as_text_and_never_runs()
    {
        var page = await site.SignedInAsync();
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };

        await page.GotoAsync("/p/shop/g/v2.1.0");
        Assert.Contains(DashboardSite.HostileTitle, await page.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('script:not([src])').length"));

        await page.GotoAsync("/p/shop/e/v2.1.0-rc.1");
        Assert.Contains(DashboardSite.HostileLine, await page.Locator("pre.tail[data-step='test']").TextContentAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('main img').length"));
        await Chromium.ScreenshotAsync(page, "hostile");
        Assert.Equal(0, dialogs);
    }

    [ChromiumFact]
    public async Task At_a_phones_width_every_view_fits_without_scrolling_sideways()
    {
        var page = await site.SignedInAsync(375, 812);
        foreach (var view in Views)
        {
            var response = await page.GotoAsync(view);
            Assert.Equal(200, response!.Status);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.True(overflow <= 0, $"{view} is {overflow} px wider than a 375 px screen");
        }

        await page.GotoAsync("/p/shop/g/v2.1.0");
        await Chromium.ScreenshotAsync(page, "contract-375");
    }

    [ChromiumFact]
    public async Task A_running_steps_tail_grows_in_the_open_page_then_the_page_stops_asking()
    {
        File.WriteAllText(Path.Combine(site.Repo.Root, ".gryt", "pipelines", "slow.yaml"),
            "name: slow\nsteps:\n  - name: slow\n    run: \"for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo line-$i; sleep 0.8; done\"\n");
        site.Gryt.Ok("evolution", "start", "v2.1.0", "--change", "XSS-1", "--pipeline", "slow");
        var run = Task.Run(() => site.Gryt.Run("run", "slow"));
        var page = await site.SignedInAsync();

        // The evolution is on the server once the run's first live push is there.
        var tail = page.Locator("pre.tail[data-step='slow']");
        for (var tries = 0; tries < 40 && !run.IsCompleted; tries++)
        {
            await page.GotoAsync("/p/shop/e/v2.1.0-rc.2");
            if (await tail.CountAsync() > 0) break;
            await Task.Delay(500);
        }

        var first = await tail.InnerTextAsync();
        Assert.StartsWith("line-1", first, StringComparison.Ordinal);
        await Expect(page.Locator("tr[data-step='slow'] td.status")).ToHaveTextAsync("running");

        // No reload: htmx brings the longer tail into the page.
        await Expect(tail).Not.ToHaveTextAsync(first, new() { Timeout = 20_000 });
        var later = await tail.InnerTextAsync();
        Assert.StartsWith(first.TrimEnd(), later, StringComparison.Ordinal);
        Assert.True(later.Length > first.Length);
        await Chromium.ScreenshotAsync(page, "evolution-running");

        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());
        await Expect(page.Locator("tr[data-step='slow'] td.status")).ToHaveTextAsync("pass", new() { Timeout = 20_000 });
        await Expect(tail).ToContainTextAsync("line-12");
        await Expect(page.Locator("section#run")).Not.ToHaveAttributeAsync("hx-trigger", new System.Text.RegularExpressions.Regex(".+"));
    }
}
