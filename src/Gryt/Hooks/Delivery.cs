using System.Net.Http.Headers;

namespace Gryt.Hooks;

/// <summary>
/// One delivery attempt with a time limit, turning every failure into a failed
/// <see cref="DeliveryResult"/>. There are no retries: a hook fires per event, and retrying
/// a dead endpoint on every event would slow every run down (a storm of attempts).
/// </summary>
internal static class Delivery
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// One client for all HTTP destinations, as HttpClient is meant to be used (a client per send
    /// exhausts sockets); pooled connections are recycled so DNS changes are seen. Time limits
    /// are per send, through the token.
    /// </summary>
    public static HttpClient Http { get; } = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = DefaultTimeout,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>Runs <paramref name="attempt"/>, which returns null on success or why it failed.</summary>
    public static async Task<DeliveryResult> RunAsync(
        Destination destination,
        TimeSpan timeout,
        Func<CancellationToken, Task<string?>> attempt,
        CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        string? error;
        try
        {
            error = await attempt(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            error = $"timed out after {timeout.TotalSeconds:0.###}s";
        }
        catch (HttpRequestException e)
        {
            error = e.HttpRequestError == HttpRequestError.Unknown ? e.Message : $"{e.HttpRequestError}: {e.Message}";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException or System.Text.Json.JsonException)
        {
            error = e.Message;
        }

        return error is null ? DeliveryResult.Delivered : DeliveryResult.Failed($"{destination.Name}: {error}");
    }

    /// <summary>Sends a body and returns null for a 2xx answer, else the status and the start of the answer.</summary>
    public static async Task<string?> SendHttpAsync(
        HttpMethod method,
        Uri url,
        byte[] body,
        string mediaType,
        IReadOnlyDictionary<string, string>? headers,
        CancellationToken cancellationToken)
    {
        // A byte array body has a known length: Content-Length is sent, not chunked encoding,
        // which some small servers and proxies reject.
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(mediaType);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return null;
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        text = text.ReplaceLineEndings(" ").Trim();
        if (text.Length > 200)
        {
            text = text[..200] + "…";
        }

        return $"{method} {Shown(url)} answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}";
    }

    /// <summary>A URL as errors show it: scheme, host and port only, since paths and queries
    /// of webhooks often carry the secret token.</summary>
    public static string Shown(Uri url) => $"{url.Scheme}://{url.Authority}/…";

    /// <summary>Strict check for pipeline files: a bad URL is an input error at load time.</summary>
    public static Uri ParseHttpUrl(string url, string owner, string option) =>
        TryParseHttpUrl(url) ?? throw new InvalidInputException($"{owner}: option '{option}' must be an http:// or https:// URL");

    public static Uri? TryParseHttpUrl(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : null;

    /// <summary>The failure of a destination built in code with a URL that is not one (the
    /// guide's <c>new SlackDestination(webhookUrl: "...")</c> placeholder): each send fails and
    /// says why, instead of the pipeline failing to build.</summary>
    public static Task<DeliveryResult> InvalidUrl(Destination destination, string option) =>
        Task.FromResult(DeliveryResult.Failed($"{destination.Name}: option '{option}' is not an http:// or https:// URL"));
}
