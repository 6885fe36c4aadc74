using Gryt.Pipelines.Internal;

namespace Gryt;

/// <summary>
/// Steps with their dependencies, run at most <see cref="ParallelRunners"/> at once. The
/// constructor validates the graph (names, needs, cycles), so a <see cref="Pipeline"/> that
/// exists can be run.
/// </summary>
public sealed class Pipeline
{
    private static readonly IReadOnlyDictionary<PipelineEvent, IReadOnlyList<Destination>> NoHooks = new Dictionary<PipelineEvent, IReadOnlyList<Destination>>();

    /// <summary>
    /// A pipeline of <paramref name="steps"/>; the rest is set by initializers
    /// (<c>new Pipeline("ci", [test, build]) { ParallelRunners = 2 }</c>) and hooks by <see cref="On"/>.
    /// </summary>
    public Pipeline(string name, IReadOnlyList<Step> steps)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(steps);
        var problem = PipelineGraph.FindProblem(steps.Select(s => s.Name).ToList(), steps.Select(s => s.Needs).ToList());
        if (problem is not null) throw new InvalidInputException($"pipeline {name}: {problem.Message}");

        Name = name;
        Steps = [.. steps];
    }

    public string Name { get; }

    public string? Description { get; init; }

    public IReadOnlyList<Step> Steps { get; }

    /// <summary>How many steps may run at once (at least 1; default 1).</summary>
    public int ParallelRunners
    {
        get;
        init => field = value >= 1 ? value : throw new InvalidInputException($"parallel runners must be at least 1, not {value}");
    } = 1;

    /// <summary>After a failure no new step starts (running ones finish); the rest are skipped. Default true.</summary>
    public bool FailFast { get; init; } = true;

    /// <summary>Destinations per event, added by <see cref="On"/>.</summary>
    public IReadOnlyDictionary<PipelineEvent, IReadOnlyList<Destination>> Hooks { get; private set; } = NoHooks;

    /// <summary>Receive the final result of every run (event <c>pipeline_end</c>).</summary>
    public IReadOnlyList<Destination> Destinations { get; init => field = [.. value]; } = [];

    /// <summary>Added to every step's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get;
        init => field = new Dictionary<string, string>(value, StringComparer.Ordinal);
    } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Names of environment variables whose values are masked in all output, logs and records.</summary>
    public IReadOnlyList<string> Secrets { get; init => field = [.. value]; } = [];

    /// <summary>
    /// This pipeline with <paramref name="destinations"/> also sent <paramref name="pipelineEvent"/>:
    /// <c>pipeline.On(PipelineEvent.PipelineFail, new PrintHook(), new SlackDestination(webhookUrl: url))</c>.
    /// The pipeline itself is not changed.
    /// </summary>
    public Pipeline On(PipelineEvent pipelineEvent, params IEnumerable<Destination> destinations)
    {
        ArgumentNullException.ThrowIfNull(destinations);
        if (!Enum.IsDefined(pipelineEvent)) throw new ArgumentOutOfRangeException(nameof(pipelineEvent));
        var hooks = new Dictionary<PipelineEvent, IReadOnlyList<Destination>>(Hooks);
        hooks[pipelineEvent] = [.. hooks.GetValueOrDefault(pipelineEvent) ?? [], .. destinations];
        var copy = (Pipeline)MemberwiseClone();
        copy.Hooks = hooks;
        return copy;
    }

    /// <summary>
    /// Runs the pipeline. Cancelling <paramref name="cancellationToken"/> kills running steps'
    /// process trees and ends the run <c>interrupted</c> (it does not throw). With <paramref name="data"/>
    /// the run, its steps and metrics are recorded (recording writes, so it takes the database, not a read-only <see cref="IData"/>).
    /// </summary>
    public Task<PipelineResult> ExecuteAsync(IRuntime runtime, SqliteData? data = null, PipelineRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new PipelineRunner(this, runtime, data, options ?? new PipelineRunOptions()).RunAsync(cancellationToken);
    }

    /// <summary>Step names in an order that respects needs (declaration order where free).</summary>
    public IReadOnlyList<Step> InRunOrder() => PipelineGraph.TopologicalOrder(Steps);
}

/// <summary>The events hooks may be registered for (SPEC §2); pipeline files name them in snake_case (<c>pipeline_fail</c>).</summary>
public enum PipelineEvent
{
    PipelineStart,
    PipelineEnd,
    PipelineSuccess,
    PipelineFail,
    StepStart,
    StepEnd,
    StepSuccess,
    StepFail,

    /// <summary>Fired after a bound run's evolution is recorded, not by the pipeline runner.</summary>
    EvolutionPass,
    EvolutionFail,

    /// <summary>Fired after a promotion, from the generation's pipeline template.</summary>
    GenerationPromoted,
}

/// <summary>The names of <see cref="PipelineEvent"/>s in pipeline files, payloads and <c>hook_deliveries</c>: the one mapping.</summary>
internal static class PipelineEvents
{
    private static readonly Dictionary<PipelineEvent, string> Names = new()
    {
        [PipelineEvent.PipelineStart] = "pipeline_start",
        [PipelineEvent.PipelineEnd] = "pipeline_end",
        [PipelineEvent.PipelineSuccess] = "pipeline_success",
        [PipelineEvent.PipelineFail] = "pipeline_fail",
        [PipelineEvent.StepStart] = "step_start",
        [PipelineEvent.StepEnd] = "step_end",
        [PipelineEvent.StepSuccess] = "step_success",
        [PipelineEvent.StepFail] = "step_fail",
        [PipelineEvent.EvolutionPass] = "evolution_pass",
        [PipelineEvent.EvolutionFail] = "evolution_fail",
        [PipelineEvent.GenerationPromoted] = "generation_promoted",
    };

    private static readonly Dictionary<string, PipelineEvent> ByName = Names.ToDictionary(n => n.Value, n => n.Key, StringComparer.Ordinal);

    /// <summary>Every event name, in the order of SPEC §2.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Names.Values];

    public static string Name(PipelineEvent pipelineEvent) => Names[pipelineEvent];

    public static bool TryParse(string name, out PipelineEvent pipelineEvent) => ByName.TryGetValue(name, out pipelineEvent);
}
