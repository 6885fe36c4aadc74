namespace Gryt;

/// <summary>
/// Where pipeline events and results are sent (a hook target or a pipeline destination):
/// print, webhook, Slack, file, Prometheus, a command, or a custom subclass.
/// A destination that fails is recorded and reported; it fails the run only when <see cref="Required"/>.
/// </summary>
/// <remarks>
/// A custom destination overrides <see cref="Send"/> (and <see cref="SendAsync"/> when it does real
/// IO). Delivery failures are reported by returning false, with <see cref="LastError"/> saying why;
/// they are not thrown, so one bad destination never stops the others.
/// </remarks>
public abstract class Destination(string name)
{
    private string? _lastError;

    /// <summary>The kind or name shown in reports (<c>webhook</c>, <c>s3</c>, …).</summary>
    public string Name { get; } = name;

    /// <summary>A failure to send fails the run.</summary>
    public bool Required { get; init; }

    /// <summary>Why the last send failed (one line, secrets left out), or null after a success.</summary>
    public string? LastError
    {
        get => Volatile.Read(ref _lastError);
        protected internal set => Volatile.Write(ref _lastError, value);
    }

    /// <summary>Sends one event payload (event name, pipeline, step, status, …); false when it could not.</summary>
    public abstract bool Send(IReadOnlyDictionary<string, object?> payload);

    public virtual Task<bool> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken) =>
        Task.FromResult(Send(payload));
}
