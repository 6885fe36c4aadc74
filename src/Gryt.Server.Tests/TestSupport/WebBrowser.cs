using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Gryt.Server.Tests.TestSupport;

/// <summary>What a browser does with the dashboard, without the browser: cookies kept, redirects seen (not followed), HTML read into a DOM by AngleSharp.</summary>
internal sealed class WebBrowser : IDisposable
{
    private readonly HttpClient _client;

    public WebBrowser(Uri address)
    {
        Cookies = new CookieContainer();
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false }) { BaseAddress = address };
        Address = address;
    }

    public CookieContainer Cookies { get; }

    public Uri Address { get; }

    public string? SessionCookie => Cookies.GetCookies(Address)["gryt_session"]?.Value;

    /// <summary>Posts the sign-in form as a page of this site would (its Origin).</summary>
    public Task<HttpResponseMessage> SignInAsync(string key, string returnTo = "/", string? origin = null) =>
        PostFormAsync("login", new() { ["key"] = key, ["return"] = returnTo }, origin);

    /// <summary>Posts a form with <paramref name="origin"/> (null: this site's; empty: no Origin header) and, when given, <c>Sec-Fetch-Site</c>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, Dictionary<string, string> fields, string? origin = null, string? fetchSite = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(fields) };
        origin ??= Address.GetLeftPart(UriPartial.Authority);
        if (origin.Length > 0) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return await _client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    /// <summary>GETs a page, asserts its status, and returns its DOM.</summary>
    public async Task<IDocument> PageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await _client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"GET {path}: {(int)response.StatusCode}, expected {(int)expected}\n{html}");
        if (expected == HttpStatusCode.OK) Assert.StartsWith("text/html", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return new HtmlParser().ParseDocument(html);
    }

    public void Dispose() => _client.Dispose();
}
