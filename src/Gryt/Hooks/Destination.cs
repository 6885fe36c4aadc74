namespace Gryt;

/// <summary>
/// Where pipeline events and results are sent (a hook target or a pipeline destination):
/// print, webhook, Slack, file, Prometheus, a command, or a custom subclass.
/// A destination that fails is recorded and reported; it fails the run only when <see cref="Required"/>.
/// </summary>
/// <remarks>
/// A custom destination overrides <see cref="SendAsync"/>. Delivery failures are returned as
/// <see cref="DeliveryResult.Failed"/>, not thrown, so one bad destination never stops the others;
/// gryt bounds every send with a time limit and cancels the token when it runs out.
/// </remarks>
public abstract class Destination(string name)
{
    /// <summary>The kind or name shown in reports (<c>webhook</c>, <c>s3</c>, …).</summary>
    public string Name { get; } = name;

    /// <summary>A failure to send fails the run.</summary>
    public bool Required { get; init; }

    /// <summary>Sends one event payload (event name, pipeline, step, status, …).</summary>
    public abstract Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken);
}
