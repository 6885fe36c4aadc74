using System.Text;

namespace Gryt;

/// <summary>
/// Posts a one-message summary of each event (pipeline, status, failed step) to a Slack incoming
/// webhook: <c>{"text": …, "username": …, "channel"?: …}</c>. The webhook URL is a secret and is
/// never shown in errors.
/// </summary>
public sealed class SlackDestination : Destination
{
    private readonly Uri? _webhookUrl;

    public SlackDestination(
        string webhookUrl,
        string? channel = null,
        string? username = null,
        string? iconEmoji = null,
        TimeSpan? timeout = null)
        : base("slack")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(webhookUrl);
        _webhookUrl = Hooks.Delivery.TryParseHttpUrl(webhookUrl);
        Channel = channel;
        Username = username ?? "gryt";
        IconEmoji = iconEmoji;
        Timeout = timeout ?? Hooks.Delivery.DefaultTimeout;
    }

    public string? Channel { get; }

    public string Username { get; }

    public string? IconEmoji { get; }

    public TimeSpan Timeout { get; }

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (_webhookUrl is not { } url)
        {
            return Hooks.Delivery.InvalidUrl(this, "webhook_url");
        }

        var message = new Dictionary<string, object?>
        {
            ["text"] = Summarise(payload),
            ["username"] = Username,
        };
        if (Channel is not null)
        {
            message["channel"] = Channel;
        }

        if (IconEmoji is not null)
        {
            message["icon_emoji"] = IconEmoji;
        }

        var body = PlainJson.Serialize(message);
        return Hooks.Delivery.RunAsync(this, Timeout,
            token => Hooks.Delivery.SendHttpAsync(HttpMethod.Post, url, body, "application/json", null, token),
            cancellationToken);
    }

    /// <summary>The message text, e.g. <c>:x: pipeline_fail: pipeline *ci* failed at step *test*</c>.</summary>
    public static string Summarise(IReadOnlyDictionary<string, object?> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        string? Get(string key) => Hooks.EventPayload.Text(payload, key);
        var eventName = Get(Hooks.EventPayload.Event) ?? "event";
        var status = Get(Hooks.EventPayload.Status);
        var failed = status is "fail" or "failed" or "error" || eventName.EndsWith("_fail", StringComparison.Ordinal);
        var passed = status is "pass" or "success" || eventName.EndsWith("_success", StringComparison.Ordinal) || eventName.EndsWith("_pass", StringComparison.Ordinal);
        var icon = eventName == "generation_promoted" ? ":rocket:" : failed ? ":x:" : passed ? ":white_check_mark:" : ":information_source:";

        var text = new StringBuilder($"{icon} {eventName}:");
        if (Get(Hooks.EventPayload.Pipeline) is { } pipeline)
        {
            text.Append($" pipeline *{pipeline}*");
        }

        if (Get(Hooks.EventPayload.Step) is { } step)
        {
            text.Append($" step *{step}*");
        }

        if (Get(Hooks.EventPayload.Version) is { } version)
        {
            text.Append($" generation *{version}*");
        }

        if (Get(Hooks.EventPayload.Tag) is { } tag)
        {
            text.Append($" ({tag})");
        }

        text.Append(failed ? " failed" : passed ? " passed" : status is null ? "" : $" {status}");
        if (Get(Hooks.EventPayload.FailedStep) is { } failedStep)
        {
            text.Append($" at step *{failedStep}*");
        }

        if (Get(Hooks.EventPayload.Message) is { Length: > 0 } detail)
        {
            text.Append(" — ").Append(detail.ReplaceLineEndings(" "));
        }

        return text.ToString();
    }
}
