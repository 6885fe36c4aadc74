namespace Gryt.Pipelines.Internal;

/// <summary>
/// Why a run must stop although no step asked for it: its logs or its records cannot be written
/// (a full disk, an unwritable or locked database). The first reason is kept; setting one stops
/// the running steps' processes and starts no more.
/// </summary>
internal sealed class RunFault : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private string? _message;

    public string? Message => Volatile.Read(ref _message);

    public bool IsSet => Message is not null;

    /// <summary>Cancelled when a fault is set.</summary>
    public CancellationToken Token => _stop.Token;

    public void Set(string message)
    {
        if (Interlocked.CompareExchange(ref _message, message, null) is not null) return;
        try
        {
            _stop.Cancel();
        }
        catch (AggregateException)
        {
            // A step's kill callback failed; the message is kept and the run still stops.
        }
    }

    public void Dispose() => _stop.Dispose();
}
