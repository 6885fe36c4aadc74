using System.Net;
using AngleSharp.Dom;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Server.Tests.TestSupport;

namespace Gryt.Server.Tests;

/// <summary>The web dashboard (docs/web-dashboard.md) over HTTP on a real socket: sign-in, isolation, the five views and the run fragment read as a DOM.</summary>
[Trait("Category", "Slow")]
public sealed class WebDashboardTests
{
    private const string Rc1 = "v2.1.0-rc.1";
    private const string Rc2 = "v2.1.0-rc.2";

    public static TheoryData<string> Stores => TestSupport.Stores.All();

    private static readonly string[] Pages =
        ["/", "/p/shop/g/v2.1.0", $"/p/shop/e/{Rc1}", $"/p/shop/e/{Rc1}/steps", "/p/shop/audit", "/p/shop/sync"];

    private static async Task<(TestServer Server, WebBrowser Browser)> SignedInAsync(string store, Role role = Role.Read, Func<HttpClient, Task>? data = null)
    {
        var server = await TestServer.StartAsync(store);
        using (var writer = server.Client(await server.KeyAsync("shop", Role.Write, "alice")))
        {
            if (data is not null) await data(writer);
        }

        var browser = new WebBrowser(server.Address);
        var response = await browser.SignInAsync(await server.KeyAsync("shop", role, "carol"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return (server, browser);
    }

    private static string Text(IParentNode page, string selector) => page.QuerySelector(selector)?.TextContent.Trim() ?? throw new Xunit.Sdk.XunitException($"no {selector} in\n{(page as IElement)?.OuterHtml ?? (page as IDocument)?.DocumentElement.OuterHtml}");

    private static string Squeezed(string text) => string.Join(' ', text.Split((char[])[' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries));

    [Fact]
    public async Task Signed_out_every_view_redirects_to_the_sign_in_page_and_comes_back_after()
    {
        await using var server = await TestServer.StartAsync(TestSupport.Stores.Sqlite);
        using var browser = new WebBrowser(server.Address);
        foreach (var path in Pages)
        {
            using var response = await browser.GetAsync(path.TrimStart('/'));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Equal("/login?return=" + Uri.EscapeDataString(path), response.Headers.Location!.OriginalString);
        }

        // htmx polling a fragment after the session ended: the whole page is sent to the sign-in page.
        using (var poll = new HttpRequestMessage(HttpMethod.Get, $"p/shop/e/{Rc1}/steps"))
        {
            poll.Headers.Add("HX-Request", "true");
            poll.Headers.Add("HX-Current-URL", new Uri(server.Address, $"p/shop/e/{Rc1}").AbsoluteUri);
            using var http = new HttpClient { BaseAddress = server.Address };
            using var response = await http.SendAsync(poll);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("/login?return=" + Uri.EscapeDataString($"/p/shop/e/{Rc1}"), response.Headers.GetValues("HX-Redirect").Single());
        }

        var login = await browser.PageAsync("login?return=%2Fp%2Fshop%2Faudit");
        Assert.Equal("/p/shop/audit", login.QuerySelector("input[name=return]")!.GetAttribute("value"));
        Assert.Equal("password", login.QuerySelector("input[name=key]")!.GetAttribute("type"));

        // The sign-in form cannot be framed by another site (clickjacking the pasted key).
        using (var loginResponse = await browser.GetAsync("login"))
        {
            Assert.Contains("frame-ancestors 'none'", loginResponse.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
            Assert.Equal("nosniff", loginResponse.Headers.GetValues("X-Content-Type-Options").Single());
        }

        var signedIn = await browser.SignInAsync(await server.KeyAsync("shop", Role.Read, "carol"), "/p/shop/audit");
        Assert.Equal("/p/shop/audit", signedIn.Headers.Location!.OriginalString);

        // A return address on another host is not followed: the portfolio instead.
        Assert.Equal("/", (await browser.SignInAsync(await server.KeyAsync("shop", Role.Read, "dave"), "//evil.example/x")).Headers.Location!.OriginalString);
        // Nor one a browser would make another host's by dropping a tab or newline (/<tab>/evil.example → //evil.example).
        Assert.Equal("/", (await browser.SignInAsync(await server.KeyAsync("shop", Role.Read, "erin"), "/\t/evil.example/x")).Headers.Location!.OriginalString);
        Assert.Equal("/", (await browser.SignInAsync(await server.KeyAsync("shop", Role.Read, "frank"), "/\n/evil.example/x")).Headers.Location!.OriginalString);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_wrong_key_is_a_one_line_error_and_makes_no_session(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var key = await server.KeyAsync("shop", Role.Read, "carol");
        using var browser = new WebBrowser(server.Address);
        foreach (var (wrong, message) in new[]
        {
            ("gryt_" + key.Split('_')[1] + "_not-the-secret", "the API key is not valid"),
            ("hello", "the API key is not valid"),
            ("", "paste an API key (gryt_…) to sign in"),
        })
        {
            using var response = await browser.SignInAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.Contains("Set-Cookie"));
            var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
            Assert.Equal(message, Text(page, ".error"));
        }

        Assert.Equal(0, await server.CountAsync("web_sessions"));
        Assert.Null(browser.SessionCookie);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("")).StatusCode);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Sign_in_keeps_only_the_tokens_hash_and_sign_out_ends_the_session(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var browser = new WebBrowser(server.Address);
        var key = await server.KeyAsync("shop", Role.Read, "carol");
        using var response = await browser.SignInAsync(key);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("gryt_session=", cookie, StringComparison.Ordinal);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", cookie.Replace("gryt_session", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase); // plain http here

        var token = browser.SessionCookie!;
        await using (var connection = await server.Store.OpenAsync(CancellationToken.None))
        {
            var rows = await Sql.QueryAsync(connection, null, "SELECT token_sha256, key_id FROM web_sessions", CancellationToken.None);
            var row = Assert.Single(rows);
            Assert.Equal(Sha256.Of(token), row.Text("token_sha256"));
            Assert.Equal(key.Split('_')[1], row.Text("key_id"));
        }

        var portfolio = await browser.PageAsync("");
        Assert.Equal("carol · shop (read)", Text(portfolio, "header .who span"));

        // Signing in again in the same browser ends the session it replaces.
        using (await browser.SignInAsync(key)) { }
        Assert.NotEqual(token, browser.SessionCookie);
        Assert.Equal(1, await server.CountAsync("web_sessions"));

        var signOut = await browser.PostFormAsync("logout", []);
        Assert.Equal("/login", signOut.Headers.Location!.OriginalString);
        Assert.Equal(0, await server.CountAsync("web_sessions"));

        // The old token, presented again, is nobody's session.
        using var replay = new WebBrowser(server.Address);
        replay.Cookies.Add(server.Address, new Cookie("gryt_session", token));
        Assert.Equal(HttpStatusCode.Redirect, (await replay.GetAsync("")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_and_sign_out_from_another_site_are_refused()
    {
        await using var server = await TestServer.StartAsync(TestSupport.Stores.Sqlite);
        using var browser = new WebBrowser(server.Address);
        var key = await server.KeyAsync("shop", Role.Read, "carol");
        using var refused = await browser.SignInAsync(key, origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.False(refused.Headers.Contains("Set-Cookie"));
        Assert.Equal(0, await server.CountAsync("web_sessions"));

        Assert.Equal(HttpStatusCode.Redirect, (await browser.SignInAsync(key)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostFormAsync("logout", [], "https://evil.example")).StatusCode);
        Assert.Equal(1, await server.CountAsync("web_sessions"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_sign_in_with_neither_origin_nor_fetch_metadata_is_refused_while_the_api_takes_a_scripts_post(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var browser = new WebBrowser(server.Address);
        var key = await server.KeyAsync("shop", Role.Write, "carol");
        using (var bare = await browser.PostFormAsync("login", new() { ["key"] = key, ["return"] = "/" }, origin: ""))
        {
            Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
            Assert.False(bare.Headers.Contains("Set-Cookie"));
            Assert.Contains("the request named no Origin", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, await server.CountAsync("web_sessions"));

        // A browser that sends fetch metadata but no Origin: its own page signs in, another site's does not sign out.
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("login", new() { ["key"] = key, ["return"] = "/" }, origin: "", fetchSite: "same-origin")).StatusCode);
        Assert.Equal(1, await server.CountAsync("web_sessions"));
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostFormAsync("logout", [], origin: "", fetchSite: "cross-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostFormAsync("logout", [], origin: "")).StatusCode);
        Assert.Equal(1, await server.CountAsync("web_sessions"));

        // A script sends neither either, with the key as a Bearer header and no cookie: the API takes its POST.
        using var script = server.Client(key);
        await GuideRelease.PushRecordsAsync(script, "shop", GuideRelease.Run("r9", "e9", "pass", GuideRelease.Commit1, "script-host"));
        Assert.Equal(1, await server.CountAsync("records", "shop"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_key_of_another_project_sees_its_own_portfolio_and_404_for_every_page_of_this_one(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using (var alice = server.Client(await server.KeyAsync("shop", Role.Write, "alice")))
        {
            await GuideRelease.PushAsync(alice);
        }

        using var browser = new WebBrowser(server.Address);
        await browser.SignInAsync(await server.KeyAsync("other", Role.Admin, "mallory"));
        foreach (var path in Pages.Skip(1))
        {
            var page = await browser.PageAsync(path.TrimStart('/'), HttpStatusCode.NotFound);
            Assert.DoesNotContain("FEAT-101", page.Body!.TextContent, StringComparison.Ordinal);
        }

        var portfolio = await browser.PageAsync("");
        Assert.Equal("other", Text(portfolio, "section.project h2"));
        Assert.DoesNotContain("v2.1.0", portfolio.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("shop", portfolio.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task The_guides_feature_release_shows_in_every_view(string store)
    {
        var (server, browser) = await SignedInAsync(store, data: client => GuideRelease.PushAsync(client));
        await using var _ = server;
        using var __ = browser;

        var portfolio = await browser.PageAsync("");
        var row = portfolio.QuerySelector("tr[data-version='v2.1.0']")!;
        Assert.Equal("2/2", Text(row, ".proven-count"));
        Assert.Equal("ready", Text(row, ".gates"));
        Assert.Contains(Rc2, row.TextContent, StringComparison.Ordinal);
        Assert.Equal("/p/shop/g/v2.1.0", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("last push 20", Text(portfolio, ".sync-health"), StringComparison.Ordinal);

        var contract = await browser.PageAsync("p/shop/g/v2.1.0");
        Assert.Equal("2 proven 0 failed 0 unproven", Squeezed(Text(contract, ".change-counts")));
        Assert.Equal(["FEAT-101", "BUG-42"], contract.QuerySelectorAll("table.changes tbody tr").Select(r => r.GetAttribute("data-change")!));
        Assert.Equal("Stripe Connect support", Text(contract, "tr[data-change='FEAT-101'] .title"));
        Assert.Equal("proven", Text(contract, "tr[data-change='BUG-42'] .status"));
        Assert.Equal([Rc1, Rc2], contract.QuerySelectorAll("table.timeline tbody tr").Select(r => r.GetAttribute("data-tag")!));
        Assert.Equal(GuideRelease.Commit1[..12], Text(contract, $"tr[data-tag='{Rc1}'] td:nth-child(4)"));
        Assert.Equal("pass all 2 changes proven", Squeezed(Text(contract, "tr[data-gate='all_changes_proven']"))[("all_changes_proven ".Length)..]);
        Assert.Equal("pass", Text(contract, "tr[data-gate='no_failed_evolutions'] .status"));

        var evolution = await browser.PageAsync($"p/shop/e/{Rc1}");
        Assert.Null(evolution.QuerySelector("#run[hx-trigger]"));
        Assert.Equal(["test", "build"], evolution.QuerySelectorAll("table.steps tbody tr").Select(r => r.GetAttribute("data-step")!));
        Assert.Equal("1.2 s", Text(evolution, "tr[data-step='test'] td:nth-child(3)"));
        Assert.Equal("1 min 05 s", Text(evolution, "tr[data-step='build'] td:nth-child(3)"));
        Assert.Equal("12 passed, 0 failed", Text(evolution, "pre.tail[data-step='test']"));
        Assert.Equal("87.5", Text(evolution, "tr[data-metric='coverage'] td:nth-child(2)"));
        var artifact = evolution.QuerySelector("tr[data-artifact='dist/shop-2.1.0.tgz']")!;
        Assert.Equal(["dist/shop-2.1.0.tgz", "build", "48213", GuideRelease.ArtifactSha256], artifact.Children.Select(c => c.TextContent.Trim()));
        Assert.Equal("clean working tree", Text(evolution, ".dirty"));
        Assert.Equal("https://ci.example/job/7", evolution.QuerySelector(".run-summary a")!.GetAttribute("href"));

        var audit = await browser.PageAsync("p/shop/audit");
        Assert.StartsWith("Server audit chain verified: 2 events", Text(audit, ".chain"), StringComparison.Ordinal);
        Assert.Equal(["records.push", "contract.create"], audit.QuerySelectorAll("table.events tbody tr").Select(r => r.GetAttribute("data-action")!));
        Assert.Contains("evolution_pass", Text(audit, "table.clone-events"), StringComparison.Ordinal);

        var sync = await browser.PageAsync("p/shop/sync");
        var alice = sync.QuerySelectorAll("table.clients tbody tr").Single(r => r.TextContent.Contains("alice", StringComparison.Ordinal));
        Assert.NotEqual("never", alice.Children[2].TextContent.Trim());
        Assert.Equal("never", alice.Children[3].TextContent.Trim());
        var runner = sync.QuerySelector("tr[data-host='ci-runner-1']")!;
        Assert.Equal("2", runner.Children[1].TextContent.Trim());
        Assert.Equal(Rc2, runner.Children[4].TextContent.Trim());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_failed_evolution_shows_as_failed_with_the_gates_reasons(string store)
    {
        var (server, browser) = await SignedInAsync(store, data: client => GuideRelease.PushAsync(client, bugStatus: "fail"));
        await using var _ = server;
        using var __ = browser;

        var contract = await browser.PageAsync("p/shop/g/2.1.0");
        Assert.Equal("1 proven 1 failed 0 unproven", Squeezed(Text(contract, ".change-counts")));
        Assert.Equal("failed", Text(contract, "tr[data-change='BUG-42'] .status"));
        Assert.Equal("unproven: BUG-42", Text(contract, "tr[data-gate='all_changes_proven'] td:nth-child(3)"));
        Assert.Equal($"failed and not since passed: {Rc2} (BUG-42)", Text(contract, "tr[data-gate='no_failed_evolutions'] td:nth-child(3)"));

        var portfolio = await browser.PageAsync("");
        Assert.Equal("1/2", Text(portfolio, "tr[data-version='v2.1.0'] .proven-count"));
        Assert.Equal("not ready", Text(portfolio, "tr[data-version='v2.1.0'] .gates"));

        await browser.PageAsync("p/shop/g/v9.9.9", HttpStatusCode.NotFound);
        await browser.PageAsync("p/shop/g/not-a-version", HttpStatusCode.NotFound);
        await browser.PageAsync("p/shop/e/v2.1.0-rc.9", HttpStatusCode.NotFound);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_running_evolution_polls_its_run_fragment_until_the_run_ends(string store)
    {
        var (server, browser) = await SignedInAsync(store, data: async client =>
        {
            await client.PutAsync("api/v1/projects/shop/generations/v2.1.0", Sample.Put(0, GuideRelease.Contract()));
            await GuideRelease.PushRecordsAsync(client, "shop",
                GuideRelease.Evolution("e1", 1, "FEAT-101", "running", "r1", GuideRelease.Commit1),
                GuideRelease.Run("r1", "e1", "running", GuideRelease.Commit1, "laptop", dirty: true),
                GuideRelease.Step("s1", "r1", "test", "running", null, "collecting"));
        });
        await using var _ = server;
        using var __ = browser;

        var page = await browser.PageAsync($"p/shop/e/{Rc1}");
        var run = page.QuerySelector("section#run")!;
        Assert.Equal("every 2s", run.GetAttribute("hx-trigger"));
        Assert.Equal($"/p/shop/e/{Rc1}/steps", run.GetAttribute("hx-get"));
        Assert.Equal("outerHTML", run.GetAttribute("hx-swap"));
        Assert.Equal("dirty working tree", Text(page, ".dirty"));
        Assert.Equal("collecting", Text(page, "pre.tail"));

        var fragment = await browser.PageAsync($"p/shop/e/{Rc1}/steps");
        Assert.Null(fragment.QuerySelector("header"));
        Assert.Equal("every 2s", fragment.QuerySelector("section#run")!.GetAttribute("hx-trigger"));

        using (var alice = server.Client(await server.KeyAsync("shop", Role.Write, "alice2")))
        {
            await GuideRelease.PushRecordsAsync(alice, "shop", GuideRelease.Step("s1", "r1", "test", "pass", 4200, "collecting\n12 passed"),
                GuideRelease.Run("r1", "e1", "pass", GuideRelease.Commit1, "laptop", dirty: true));
        }

        fragment = await browser.PageAsync($"p/shop/e/{Rc1}/steps");
        var ended = fragment.QuerySelector("section#run")!;
        Assert.Null(ended.GetAttribute("hx-trigger"));
        Assert.Equal("collecting\n12 passed", fragment.QuerySelector("pre.tail")!.TextContent);
        Assert.Equal("pass", Text(fragment, ".run-summary .status"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Hostile_titles_and_output_stay_text_in_every_view(string store)
    {
        const string Script = "<script>alert(1)</script>";
        const string Rtl = "Stripe \u202Etroppus";
        var (server, browser) = await SignedInAsync(store, data: async client =>
        {
            // The contract parser refuses a title with U+202E, so the override comes in through records, which carry any text.
            await GuideRelease.PushAsync(client, featTitle: Script, tail: Script + "\n" + Rtl + "\n<img src=x onerror=alert(2)>");
            await GuideRelease.PushRecordsAsync(client, "shop", GuideRelease.Run("r9", "e1", "fail", GuideRelease.Commit1, "<b onmouseover=alert(3)>" + Rtl + "</b>"));
        });
        await using var _ = server;
        using var __ = browser;

        var views = new Dictionary<string, IDocument>();
        foreach (var path in Pages) views[path] = await browser.PageAsync(path.TrimStart('/'));
        foreach (var page in views.Values)
        {
            // Only the dashboard's own htmx; no element came from the data.
            Assert.All(page.QuerySelectorAll("script"), s => Assert.Equal("/static/htmx-4.0.1/htmx.min.js", s.GetAttribute("src")));
            Assert.Empty(page.QuerySelectorAll("img"));
            Assert.Empty(page.QuerySelectorAll("b"));
            Assert.DoesNotContain(page.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.Ordinal)));
        }

        Assert.Equal(Script, Text(views["/p/shop/g/v2.1.0"], "tr[data-change='FEAT-101'] .title"));
        Assert.Equal(Script + "\n" + Rtl + "\n<img src=x onerror=alert(2)>", views[$"/p/shop/e/{Rc1}"].QuerySelector("pre.tail[data-step='test']")!.TextContent);
        Assert.Contains("<b onmouseover=alert(3)>" + Rtl + "</b>", views["/p/shop/sync"].QuerySelector("table.runners")!.TextContent, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task The_audit_view_shows_a_stale_revision_refusal_with_both_revisions_and_the_promotion(string store)
    {
        var (server, browser) = await SignedInAsync(store, data: client => GuideRelease.PushAsync(client));
        await using var _ = server;
        using var __ = browser;
        using (var alice = server.Client(await server.KeyAsync("shop", Role.Release, "alice-release")))
        using (var bob = server.Client(await server.KeyAsync("shop", Role.Write, "bob")))
        {
            const string Path = "api/v1/projects/shop/generations/v2.1.0";
            Assert.True((await alice.PutAsync(Path, Sample.Put(1, GuideRelease.Contract("Stripe Connect (v2)")))).IsSuccessStatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await bob.PutAsync(Path, Sample.Put(1, GuideRelease.Contract("bob's edit")))).StatusCode);
            Assert.True((await alice.PostAsync(Path + "/promotion", Sample.Promotion(2, "v2.1.0"))).IsSuccessStatusCode);
        }

        var audit = await browser.PageAsync("p/shop/audit");
        var refusal = audit.QuerySelector("table.refusals tr[data-code='stale_revision']")!;
        Assert.Equal("1 → 2", Text(refusal, ".revisions"));
        Assert.Contains("bob", refusal.TextContent, StringComparison.Ordinal);
        Assert.Equal("v2.1.0", Text(audit, "table.promotions tr[data-version='v2.1.0'] td:nth-child(2)"));
        Assert.StartsWith("Server audit chain verified", Text(audit, ".chain"), StringComparison.Ordinal);

        var sync = await browser.PageAsync("p/shop/sync");
        var bobRow = sync.QuerySelectorAll("table.clients tbody tr").Single(r => r.TextContent.Contains("bob", StringComparison.Ordinal));
        Assert.Equal("1", Text(bobRow, ".conflicts"));
        Assert.Equal("1 promoted", Squeezed((await browser.PageAsync("")).QuerySelector(".counts span:nth-child(2)")!.TextContent));

        // The refusal's details edited into something that is not JSON: the conflict count skips it, the pages still read, the chain says so.
        var refusalSeq = long.Parse(refusal.QuerySelector("td")!.TextContent.Trim().TrimStart('#'), System.Globalization.CultureInfo.InvariantCulture);
        await SetDetailsAsync(server, refusalSeq, "not json");
        sync = await browser.PageAsync("p/shop/sync");
        Assert.Equal("0", Text(sync.QuerySelectorAll("table.clients tbody tr").Single(r => r.TextContent.Contains("bob", StringComparison.Ordinal)), ".conflicts"));
        Assert.Contains("0 conflicts", Squeezed(Text(await browser.PageAsync(""), ".sync-health")), StringComparison.Ordinal);
        Assert.Contains($"event #{refusalSeq} was edited", Text(await browser.PageAsync("p/shop/audit?verify=all"), ".chain"), StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task The_audit_view_verifies_only_the_events_appended_since_it_last_looked_and_still_reports_an_edited_one(string store)
    {
        var (server, browser) = await SignedInAsync(store, data: client => GuideRelease.PushAsync(client));
        await using var _ = server;
        using var __ = browser;
        using var alice = server.Client(await server.KeyAsync("shop", Role.Write, "alice2"));

        var first = await browser.PageAsync("p/shop/audit");
        Assert.StartsWith("Server audit chain verified: 2 events", Text(first, ".chain"), StringComparison.Ordinal);
        Assert.Null(first.QuerySelector(".verified-earlier"));

        await GuideRelease.PushRecordsAsync(alice, "shop", GuideRelease.Run("r3", "e2", "pass", GuideRelease.Commit2, "ci-runner-2"));
        var second = await browser.PageAsync("p/shop/audit");
        Assert.StartsWith("Server audit chain verified: 3 events", Text(second, ".chain"), StringComparison.Ordinal);
        Assert.StartsWith("Events 1 to 2 were verified earlier", Text(second, ".verified-earlier"), StringComparison.Ordinal);
        Assert.Equal("/p/shop/audit?verify=all", second.QuerySelector("a.verify-all")!.GetAttribute("href"));

        // An event appended since, then edited: reported, and again on the next view (from the first event).
        await GuideRelease.PushRecordsAsync(alice, "shop", GuideRelease.Run("r4", "e2", "pass", GuideRelease.Commit2, "ci-runner-2"));
        var original = await SetDetailsAsync(server, 4, "{\"created\":99}");
        const string Edited4 = "Server audit chain broken after 4 events: event #4 was edited: its content no longer matches its hash";
        Assert.Equal(Edited4, Squeezed(Text(await browser.PageAsync("p/shop/audit"), ".chain")));
        Assert.Equal(Edited4, Squeezed(Text(await browser.PageAsync("p/shop/audit"), ".chain")));
        await SetDetailsAsync(server, 4, original);
        Assert.StartsWith("Server audit chain verified: 4 events", Text(await browser.PageAsync("p/shop/audit"), ".chain"), StringComparison.Ordinal);

        // An event verified earlier, then edited: a view walks from the newest verified one, so verifying the whole chain (the link) reports it, and every view after.
        original = await SetDetailsAsync(server, 2, "{\"revision\":7}");
        Assert.StartsWith("Server audit chain verified: 4 events", Text(await browser.PageAsync("p/shop/audit"), ".chain"), StringComparison.Ordinal);
        const string Edited2 = "Server audit chain broken after 2 events: event #2 was edited: its content no longer matches its hash";
        Assert.Equal(Edited2, Squeezed(Text(await browser.PageAsync("p/shop/audit?verify=all"), ".chain")));
        Assert.Equal(Edited2, Squeezed(Text(await browser.PageAsync("p/shop/audit"), ".chain")));
        await SetDetailsAsync(server, 2, original);
        Assert.StartsWith("Server audit chain verified: 4 events", Text(await browser.PageAsync("p/shop/audit"), ".chain"), StringComparison.Ordinal);

        // The newest verified event itself edited: the view checks it before walking on.
        await SetDetailsAsync(server, 4, "{\"created\":99}");
        Assert.Equal("Server audit chain broken after 4 events: event #4 was edited after it was verified", Squeezed(Text(await browser.PageAsync("p/shop/audit"), ".chain")));
    }

    /// <summary>Edits an event of the server's chain behind its back; returns the details it had.</summary>
    private static async Task<string> SetDetailsAsync(TestServer server, long seq, string details)
    {
        await using var connection = await server.Store.OpenAsync(CancellationToken.None);
        var old = (string)(await Sql.ScalarAsync(connection, null, "SELECT details FROM server_audit WHERE project = 'shop' AND seq = @s", CancellationToken.None, ("@s", seq)))!;
        await Sql.ExecuteAsync(connection, null, "UPDATE server_audit SET details = @d WHERE project = 'shop' AND seq = @s", CancellationToken.None, ("@d", details), ("@s", seq));
        return old;
    }

    [Fact]
    public async Task The_sync_view_shows_a_keys_cursor_lag_after_it_pulled()
    {
        var (server, browser) = await SignedInAsync(TestSupport.Stores.Sqlite, data: client => GuideRelease.PushAsync(client));
        await using var _ = server;
        using var __ = browser;
        var runnerKey = await server.KeyAsync("shop", Role.Write, "runner-7");
        using var runner = server.Client(runnerKey);
        Assert.True((await runner.GetAsync("api/v1/projects/shop/changes?since=0")).IsSuccessStatusCode);

        var row = (await browser.PageAsync("p/shop/sync")).QuerySelector($"tr[data-key='{runnerKey.Split('_')[1]}']")!;
        Assert.Equal("0", Text(row, ".lag"));

        using (var alice = server.Client(await server.KeyAsync("shop", Role.Write, "alice3")))
        {
            await GuideRelease.PushRecordsAsync(alice, "shop", GuideRelease.Run("r3", "e2", "pass", GuideRelease.Commit2, "ci-runner-2"));
        }

        row = (await browser.PageAsync("p/shop/sync")).QuerySelector($"tr[data-key='{runnerKey.Split('_')[1]}']")!;
        Assert.Equal("1", Text(row, ".lag"));
        Assert.Contains("1 client behind", Squeezed(Text(await browser.PageAsync(""), ".sync-health")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_keys_session_is_signed_out_and_the_assets_are_served_from_the_server()
    {
        var (server, browser) = await SignedInAsync(TestSupport.Stores.Sqlite);
        await using var _ = server;
        using var __ = browser;
        var keyId = (await ApiKeys.ListAsync(server.Store, CancellationToken.None)).Single(k => k.Name == "carol").KeyId;
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("")).StatusCode);
        await ApiKeys.RevokeAsync(server.Store, keyId, "2026-01-02T00:00:00.000Z", CancellationToken.None);
        var revoked = System.Diagnostics.Stopwatch.StartNew();
        while ((await browser.GetAsync("")).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(revoked.Elapsed < KeyCache.Lifetime + TimeSpan.FromSeconds(1), "the revoked key's session still works");
            await Task.Delay(100);
        }

        using var htmx = await browser.GetAsync("static/htmx-4.0.1/htmx.min.js");
        Assert.Equal(HttpStatusCode.OK, htmx.StatusCode);
        Assert.Contains("htmx", await htmx.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Zero-Clause BSD", await (await browser.GetAsync("static/htmx-4.0.1/LICENSE")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("text/css; charset=utf-8", (await browser.GetAsync("static/dashboard.css")).Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpStatusCode.NotFound, (await browser.GetAsync("static/../Storage/KeyStore.cs")).StatusCode);
    }
}
