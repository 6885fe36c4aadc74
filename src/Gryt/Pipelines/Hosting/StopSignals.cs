using System.Runtime.InteropServices;

namespace Gryt.Pipelines.Hosting;

/// <summary>
/// Ctrl-C and SIGTERM cancel <see cref="Token"/> (a run then kills its steps' process trees and
/// ends as interrupted) instead of killing the process: the one signal handling of gryt and of
/// C# pipeline files.
/// </summary>
internal sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _source;
    private readonly List<PosixSignalRegistration> _registrations = [];

    private StopSignals(CancellationToken outer)
    {
        _source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM })
        {
            try
            {
                _registrations.Add(PosixSignalRegistration.Create(signal, context =>
                {
                    context.Cancel = true;
                    _source.Cancel();
                }));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGTERM has no equivalent on some platforms; Ctrl-C still works.
            }
        }
    }

    /// <summary>Cancelled by a signal or by the token given to <see cref="Link"/>.</summary>
    public CancellationToken Token => _source.Token;

    /// <summary>Starts catching the signals until disposed.</summary>
    public static StopSignals Link(CancellationToken outer) => new(outer);

    public void Dispose()
    {
        foreach (var registration in _registrations) registration.Dispose();
        _source.Dispose();
    }
}
