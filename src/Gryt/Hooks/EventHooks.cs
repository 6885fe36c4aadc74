namespace Gryt.Hooks;

/// <summary>
/// Fires a pipeline's hooks for an event outside a run: <c>evolution_pass</c>, <c>evolution_fail</c>
/// and <c>generation_promoted</c> happen after the run that the runner's own dispatcher served.
/// </summary>
public static class EventHooks
{
    /// <summary>Sends <paramref name="payload"/> to every destination registered for the event; returns the failures.</summary>
    public static async Task<IReadOnlyList<HookFailure>> FireAsync(
        Pipeline pipeline, string hookEvent, IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        if (!pipeline.Hooks.TryGetValue(hookEvent, out var destinations)) return [];
        var failures = new List<HookFailure>();
        foreach (var destination in destinations)
        {
            string? error;
            try
            {
                error = await destination.SendAsync(payload, cancellationToken).ConfigureAwait(false) ? null : destination.LastError ?? "the destination reported a failure";
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
            {
                error = ex.Message;
            }

            if (error is not null) failures.Add(new HookFailure(hookEvent, destination.Name, destination.Required, error, null));
        }

        return failures;
    }
}
