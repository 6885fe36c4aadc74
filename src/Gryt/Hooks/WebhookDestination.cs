namespace Gryt;

/// <summary>Sends each event payload as a JSON document (POST by default); any 2xx answer is a success.</summary>
public sealed class WebhookDestination : Destination
{
    private readonly Uri? _url;
    private readonly HttpMethod _method;
    private readonly Dictionary<string, string> _headers;

    public WebhookDestination(
        string url,
        IReadOnlyDictionary<string, string>? headers = null,
        string method = "POST",
        TimeSpan? timeout = null)
        : base("webhook")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        _url = Hooks.Delivery.TryParseHttpUrl(url);
        _method = method.ToUpperInvariant() switch
        {
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            "PATCH" => HttpMethod.Patch,
            _ => throw new InvalidInputException($"destination 'webhook': option 'method' must be POST, PUT or PATCH, not '{method}'"),
        };
        _headers = new Dictionary<string, string>(headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        Timeout = timeout ?? Hooks.Delivery.DefaultTimeout;
    }

    /// <summary>Null when the URL given was not an http(s) URL; every send then fails.</summary>
    public Uri? Url => _url;

    public string Method => _method.Method;

    public TimeSpan Timeout { get; }

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (_url is null)
        {
            return Hooks.Delivery.InvalidUrl(this, "url");
        }

        var body = PlainJson.Serialize(payload);
        var url = _url;
        return Hooks.Delivery.RunAsync(this, Timeout,
            token => Hooks.Delivery.SendHttpAsync(_method, url, body, "application/json", _headers, token),
            cancellationToken);
    }
}
