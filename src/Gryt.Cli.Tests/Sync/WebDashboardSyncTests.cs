using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary>
/// The guide's feature release made by the real gryt (evolutions, runs of the release pipeline, a
/// metric), pushed with <c>gryt sync push</c> to the real gryt-server, then read in its web dashboard
/// (docs/web-dashboard.md) by another member of the project signed in with a read key.
/// </summary>
[Trait("Category", "Slow")]
public sealed class WebDashboardSyncTests : IDisposable
{
    private readonly SyncServer _server = new();
    private readonly GitRepository _repo = new();
    private readonly TempDirectory _home = new();
    private readonly CliRunner _gryt;

    public WebDashboardSyncTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Variables["XDG_CONFIG_HOME"] = _home.Path;
        GuideFeatureRelease.Declare(_repo, _gryt, "grep -q stripe feature.txt && echo \"::gryt metric coverage=87.5\" && echo tests passed");
    }

    public void Dispose()
    {
        _repo.Dispose();
        _home.Dispose();
        _server.Dispose();
    }

    private void Commit(string file, string content)
    {
        File.WriteAllText(Path.Combine(_repo.Root, file), content);
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "work on " + file);
    }

    private static IDocument Parse(string html) => new HtmlParser().ParseDocument(html);

    /// <summary>Each gate the dashboard previews has the result and message <c>generation promote --dry-run</c> prints for it.</summary>
    private async Task AssertPreviewAgreesWithTheLibrary(HttpClient browser, bool passed)
    {
        var dryRun = _gryt.Run("generation", "promote", "v2.1.0", "--dry-run");
        Assert.Equal(passed ? 0 : 1, dryRun.ExitCode);
        var library = dryRun.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(parts => parts[0], parts => string.Join(' ', parts[1].Split(' ', StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal);
        var preview = Parse(await browser.GetStringAsync("p/shop/g/v2.1.0")).QuerySelectorAll("tr[data-gate]").ToList();
        Assert.Equal(2, preview.Count);
        foreach (var gate in preview)
        {
            var shown = string.Join(' ', gate.Children.Skip(1).Select(c => c.TextContent.Trim()));
            Assert.Equal(library[gate.GetAttribute("data-gate")!], shown);
        }
    }

    [Fact]
    public async Task The_guides_feature_release_pushed_by_gryt_sync_reads_right_in_the_web_dashboard()
    {
        _gryt.Ok("sync", "config", "--mode", "hybrid", "--server", _server.Url, "--project", "shop");
        _gryt.Input = _server.CreateKey("shop", "write", "alice") + "\n";
        _gryt.Ok("sync", "login");
        _gryt.Input = null;

        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Assert.Equal(1, _gryt.Run("run", "release").ExitCode);
        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        Commit("feature.txt", "stripe\n");
        _gryt.Ok("run", "release");
        _gryt.Ok("sync", "push");

        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = new Uri(_server.Url + "/") };
        using (var login = new HttpRequestMessage(HttpMethod.Post, "login"))
        {
            login.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = _server.CreateKey("shop", "read", "carol"), ["return"] = "/" });
            login.Headers.Add("Origin", _server.Url);
            using var response = await browser.SendAsync(login);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        // BUG-42 not proven yet: the preview says what the library's gates say.
        await AssertPreviewAgreesWithTheLibrary(browser, passed: false);

        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        Commit("fix.txt", "timeout=30\n");
        _gryt.Ok("run", "release");
        _gryt.Ok("sync", "push");
        await AssertPreviewAgreesWithTheLibrary(browser, passed: true);

        var portfolio = Parse(await browser.GetStringAsync(""));
        var row = portfolio.QuerySelector("tr[data-version='v2.1.0']")!;
        Assert.Equal("2/2", row.QuerySelector(".proven-count")!.TextContent.Trim());
        Assert.Equal("ready", row.QuerySelector(".gates")!.TextContent.Trim());
        Assert.Contains("v2.1.0-rc.3", row.TextContent, StringComparison.Ordinal);

        var contract = Parse(await browser.GetStringAsync("p/shop/g/v2.1.0"));
        Assert.Equal("Stripe Connect support", contract.QuerySelector("tr[data-change='FEAT-101'] .title")!.TextContent);
        Assert.Equal(["fail", "pass", "pass"], contract.QuerySelectorAll("table.timeline tbody tr .status").Select(s => s.TextContent.Trim()));
        Assert.Equal(["v2.1.0-rc.2"], contract.QuerySelectorAll("tr[data-change='FEAT-101'] a.pass").Select(a => a.TextContent));
        Assert.Equal(["v2.1.0-rc.1"], contract.QuerySelectorAll("tr[data-change='FEAT-101'] a.fail").Select(a => a.TextContent));
        Assert.All(contract.QuerySelectorAll("tr[data-gate] .status"), s => Assert.Equal("pass", s.TextContent.Trim()));
        var commit = _repo.Git("rev-parse", "HEAD").Trim();
        Assert.Equal(commit[..12], contract.QuerySelector("tr[data-tag='v2.1.0-rc.3'] td:nth-child(4)")!.TextContent);

        var evolution = Parse(await browser.GetStringAsync("p/shop/e/v2.1.0-rc.2"));
        Assert.Equal("pass", evolution.QuerySelector("tr[data-step='test'] .status")!.TextContent.Trim());
        Assert.Contains("tests passed", evolution.QuerySelector("pre.tail[data-step='test']")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("87.5", evolution.QuerySelector("tr[data-metric='coverage'] td:nth-child(2)")!.TextContent);
        Assert.Equal("clean working tree", evolution.QuerySelector(".dirty")!.TextContent.Trim());
        Assert.Null(evolution.QuerySelector("section#run[hx-trigger]"));

        var sync = Parse(await browser.GetStringAsync("p/shop/sync"));
        var alice = sync.QuerySelectorAll("table.clients tbody tr").Single(r => r.TextContent.Contains("alice", StringComparison.Ordinal));
        Assert.NotEqual("never", alice.Children[2].TextContent.Trim());
        Assert.Single(sync.QuerySelectorAll("table.runners tbody tr"));
    }
}
