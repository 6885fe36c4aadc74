using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gryt;

/// <summary>
/// Pushes the numbers of each event payload to a Prometheus Pushgateway as gauges, in the text
/// exposition format, to <c>&lt;url&gt;/metrics/job/&lt;job&gt;[/instance/&lt;instance&gt;]</c>.
/// Top-level numbers become <c>&lt;prefix&gt;&lt;key&gt;</c> and the entries of nested mappings
/// (such as <c>metrics</c>) <c>&lt;prefix&gt;&lt;key&gt;_&lt;entry&gt;</c>; the pipeline, step and event are labels.
/// </summary>
public sealed partial class PrometheusDestination : Destination
{
    private static readonly string[] LabelKeys = [Hooks.EventPayload.Pipeline, Hooks.EventPayload.Step, Hooks.EventPayload.Event];

    private readonly Uri? _target;
    private readonly HttpMethod _method;

    public PrometheusDestination(
        string url,
        string job = "gryt",
        string? instance = null,
        IReadOnlyDictionary<string, string>? labels = null,
        string prefix = "gryt_",
        string method = "POST",
        TimeSpan? timeout = null)
        : base("prometheus")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentNullException.ThrowIfNull(prefix);
        var baseUrl = Hooks.Delivery.TryParseHttpUrl(url);
        var path = $"{baseUrl?.AbsolutePath.TrimEnd('/')}/metrics/job/{Uri.EscapeDataString(job)}";
        if (!string.IsNullOrEmpty(instance))
        {
            path += $"/instance/{Uri.EscapeDataString(instance)}";
        }

        _target = baseUrl is null ? null : new UriBuilder(baseUrl) { Path = path, Query = "" }.Uri;
        _method = method.ToUpperInvariant() switch
        {
            "POST" => HttpMethod.Post,
            "PUT" => HttpMethod.Put,
            _ => throw new InvalidInputException($"destination 'prometheus': option 'method' must be POST or PUT, not '{method}'"),
        };
        Job = job;
        Instance = instance;
        Labels = labels ?? new Dictionary<string, string>();
        foreach (var name in Labels.Keys.Where(n => !MetricName().IsMatch(n) || n.Contains(':', StringComparison.Ordinal)))
        {
            throw new InvalidInputException($"destination 'prometheus': label name '{name}' is not valid (letters, digits and _)");
        }

        Prefix = prefix;
        Timeout = timeout ?? Hooks.Delivery.DefaultTimeout;
    }

    /// <summary>Where the metrics are pushed; null when the URL given was not an http(s) URL (every send then fails).</summary>
    public Uri? Target => _target;

    public string Job { get; }

    public string? Instance { get; }

    public IReadOnlyDictionary<string, string> Labels { get; }

    public string Prefix { get; }

    public TimeSpan Timeout { get; }

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var body = Render(payload);
        if (body.Length == 0)
        {
            // Nothing numeric to push: an empty push would only clear the group.
            return Task.FromResult(DeliveryResult.Delivered);
        }

        if (_target is not { } target)
        {
            return Hooks.Delivery.InvalidUrl(this, "url");
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        return Hooks.Delivery.RunAsync(this, Timeout,
            token => Hooks.Delivery.SendHttpAsync(_method, target, bytes, "text/plain; version=0.0.4; charset=utf-8", null, token),
            cancellationToken);
    }

    /// <summary>The exposition-format body for <paramref name="payload"/> (empty when it holds no
    /// numbers); every line, the last included, ends with a newline as the Pushgateway requires.</summary>
    public string Render(IReadOnlyDictionary<string, object?> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var gauges = new SortedDictionary<string, double>(StringComparer.Ordinal);
        Collect(payload, Prefix, gauges, depth: 0);

        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in Labels)
        {
            labels[name] = value;
        }

        foreach (var key in LabelKeys)
        {
            if (Hooks.EventPayload.Text(payload, key) is { } value)
            {
                labels[key] = value;
            }
        }

        var labelText = labels.Count == 0
            ? ""
            : "{" + string.Join(",", labels.Select(l => $"{l.Key}=\"{EscapeLabel(l.Value)}\"")) + "}";
        var body = new StringBuilder();
        foreach (var (name, value) in gauges)
        {
            body.Append(CultureInfo.InvariantCulture, $"# TYPE {name} gauge\n");
            body.Append(CultureInfo.InvariantCulture, $"{name}{labelText} {FormatValue(value)}\n");
        }

        return body.ToString();
    }

    private static void Collect(IReadOnlyDictionary<string, object?> map, string prefix, SortedDictionary<string, double> gauges, int depth)
    {
        foreach (var (key, value) in map)
        {
            var name = SanitiseName(prefix + key);
            switch (value)
            {
                case bool:
                case string:
                case null:
                    break;
                case int or long or short or byte or uint or ulong or ushort or sbyte or float or double or decimal:
                    gauges[name] = Convert.ToDouble(value, CultureInfo.InvariantCulture);
                    break;
                case IReadOnlyDictionary<string, object?> nested when depth < 4:
                    Collect(nested, name + "_", gauges, depth + 1);
                    break;
                default:
                    break;
            }
        }
    }

    private static string SanitiseName(string name)
    {
        var cleaned = InvalidNameCharacters().Replace(name, "_");
        return cleaned.Length > 0 && char.IsAsciiDigit(cleaned[0]) ? "_" + cleaned : cleaned;
    }

    private static string EscapeLabel(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal)
            .Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\n", "\\n", StringComparison.Ordinal);

    private static string FormatValue(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    [GeneratedRegex("[^a-zA-Z0-9_:]")]
    private static partial Regex InvalidNameCharacters();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex MetricName();
}
