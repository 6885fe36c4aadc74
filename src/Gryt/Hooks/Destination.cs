namespace Gryt;

/// <summary>
/// Where pipeline events and results are sent (a hook target or a pipeline destination):
/// print, webhook, Slack, file, Prometheus, a command, or a custom subclass.
/// A destination that fails is recorded and reported; it fails the run only when <see cref="Required"/>.
/// </summary>
public abstract class Destination(string name)
{
    public string Name { get; } = name;

    /// <summary>A failure to send fails the run.</summary>
    public bool Required { get; init; }

    /// <summary>Sends one event payload (event name, pipeline, step, status, …); false when it could not.</summary>
    public abstract bool Send(IReadOnlyDictionary<string, object?> payload);

    public virtual Task<bool> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken) =>
        Task.FromResult(Send(payload));
}
