namespace Gryt.Pipelines.Internal;

/// <summary>
/// Sends pipeline and step events to the destinations registered for them: the one hook path, for
/// events of a run and for those after it (<see cref="EventHooks"/>). A destination that
/// throws, times out or fails is recorded and reported; it fails the run only when
/// <see cref="Destination.Required"/>.
/// </summary>
/// <remarks><paramref name="runId"/> is null for events outside any run (a promotion). The runner
/// passes no <paramref name="cancellationToken"/>: a cancelled run still reports its end to its hooks.</remarks>
internal sealed class HookDispatcher(
    Pipeline pipeline,
    string? runId,
    RunRecorder recorder,
    SecretMasker masker,
    IPipelineObserver? observer,
    TimeProvider clock,
    TimeSpan timeout,
    CancellationToken cancellationToken = default)
{
    private readonly Lock _gate = new();
    private readonly List<HookFailure> _failures = [];

    public IReadOnlyList<HookFailure> Failures
    {
        get
        {
            lock (_gate) return [.. _failures];
        }
    }

    public bool RequiredFailed
    {
        get
        {
            lock (_gate) return _failures.Any(f => f.Required);
        }
    }

    public bool Has(PipelineEvent hookEvent) => pipeline.Hooks.TryGetValue(hookEvent, out var list) && list.Count > 0;

    /// <summary>Sends the event to its hooks; the payload is built only when the event has any (per step, most have none).</summary>
    public Task FireAsync(PipelineEvent hookEvent, Func<IReadOnlyDictionary<string, object?>> payload, string? stepName) =>
        pipeline.Hooks.TryGetValue(hookEvent, out var targets) && targets.Count > 0
            ? SendAllAsync(targets, PipelineEvents.Name(hookEvent), payload(), stepName)
            : Task.CompletedTask;

    /// <summary>The pipeline's <c>destinations</c>: each receives the final result.</summary>
    public Task SendResultAsync(IReadOnlyDictionary<string, object?> payload) =>
        pipeline.Destinations.Count > 0 ? SendAllAsync(pipeline.Destinations, PipelineEvents.Name(PipelineEvent.PipelineEnd), payload, null) : Task.CompletedTask;

    private async Task SendAllAsync(IReadOnlyList<Destination> targets, string hookEvent, IReadOnlyDictionary<string, object?> payload, string? stepName)
    {
        foreach (var destination in targets)
        {
            var started = clock.GetTimestamp();
            string? error;
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var send = destination.SendAsync(payload, cts.Token);
                try
                {
                    error = (await send.WaitAsync(timeout, clock, CancellationToken.None).ConfigureAwait(false)).Error;
                }
                catch (TimeoutException)
                {
                    await cts.CancelAsync().ConfigureAwait(false);
                    error = $"no answer within {timeout.TotalSeconds:0.#} s";
                    _ = send.ContinueWith(t => _ = t.Exception, TaskScheduler.Default);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                error = string.IsNullOrWhiteSpace(ex.Message) ? ex.GetType().Name : ex.Message.ReplaceLineEndings(" ");
            }

            var elapsed = (long)clock.GetElapsedTime(started).TotalMilliseconds;
            error = masker.ApplyOrNull(error);
            recorder.Do(store => store.AddHookDelivery(runId, hookEvent, stepName, destination.Name, destination.Required, error is null, error, elapsed, clock.GetUtcNow()));
            if (error is null) continue;

            var failure = new HookFailure(hookEvent, destination.Name, destination.Required, error, stepName);
            lock (_gate) _failures.Add(failure);
            observer?.HookFailed(failure);
        }
    }
}
