namespace Gryt.Hooks;

/// <summary>
/// The keys of the payload a pipeline sends to its hooks and destinations. Values are plain:
/// strings, numbers, booleans, and lists or mappings of those. Only <see cref="Event"/> is always
/// present; destinations show whatever of the others they find.
/// </summary>
public static class EventPayload
{
    /// <summary>The event name: <c>pipeline_start</c>, <c>pipeline_fail</c>, <c>step_end</c>, … (SPEC §2).</summary>
    public const string Event = "event";

    /// <summary>The pipeline's name.</summary>
    public const string Pipeline = "pipeline_name";

    /// <summary>Run, step or evolution status word: <c>pass</c>, <c>fail</c>, <c>running</c>, …</summary>
    public const string Status = "status";

    /// <summary>The step an event is about (step events).</summary>
    public const string Step = "step_name";

    /// <summary>The first step that failed (pipeline events).</summary>
    public const string FailedStep = "failed_step";

    /// <summary>The run's global id.</summary>
    public const string RunId = "run_id";

    /// <summary>The generation version (<c>v2.1.0</c>) for evolution and promotion events.</summary>
    public const string Version = "version";

    /// <summary>The tag created or tested (<c>v2.1.0-rc.3</c>).</summary>
    public const string Tag = "tag";

    /// <summary>A one-line explanation (why a step failed, …).</summary>
    public const string Message = "message";

    /// <summary>Duration in milliseconds.</summary>
    public const string DurationMs = "duration_ms";

    /// <summary>A mapping of metric names to numbers (Prometheus pushes them as gauges).</summary>
    public const string Metrics = "metrics";

    internal static string? Text(IReadOnlyDictionary<string, object?> payload, string key) =>
        payload.TryGetValue(key, out var value) && value is not null
            ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;
}
