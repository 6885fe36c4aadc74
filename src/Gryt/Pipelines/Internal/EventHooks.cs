namespace Gryt.Pipelines.Internal;

/// <summary>
/// Fires a pipeline's hooks for an event outside a run: <c>evolution_pass</c>, <c>evolution_fail</c>
/// and <c>generation_promoted</c> happen after the run that the runner's own dispatcher served.
/// They go through the same dispatcher, so they get its time limit, secret masking and, given a
/// database, a delivery record.
/// </summary>
internal static class EventHooks
{
    private static readonly TimeSpan DefaultTimeout = new PipelineRunOptions().HookTimeout;

    /// <summary>Sends <paramref name="payload"/> to every destination registered for the event; returns the failures.</summary>
    /// <param name="pipeline">The pipeline whose hooks are fired.</param>
    /// <param name="hookEvent">The event, e.g. <see cref="PipelineEvent.GenerationPromoted"/>.</param>
    /// <param name="payload">What every destination is sent.</param>
    /// <param name="data">Where deliveries are recorded (<c>hook_deliveries</c>); none when null.</param>
    /// <param name="runId">The run the event follows, or null (a promotion).</param>
    /// <param name="clock">The clock of the records and time limit; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels the sends still under way.</param>
    public static async Task<IReadOnlyList<HookFailure>> FireAsync(
        Pipeline pipeline,
        PipelineEvent hookEvent,
        IReadOnlyDictionary<string, object?> payload,
        SqliteData? data = null,
        string? runId = null,
        TimeProvider? clock = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(payload);
        using var fault = new RunFault();
        var recorder = new RunRecorder(data, runId, null, null, fault);
        var masker = SecretMasker.From(pipeline.Secrets, [GrytHost.ProcessEnvironment(), pipeline.Environment]);
        var dispatcher = new HookDispatcher(pipeline, runId, recorder, masker, null, clock ?? TimeProvider.System, DefaultTimeout, cancellationToken);
        await dispatcher.FireAsync(hookEvent, () => payload, null).ConfigureAwait(false);
        return dispatcher.Failures;
    }
}
