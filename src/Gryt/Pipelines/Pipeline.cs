using Gryt.Pipelines.Internal;

namespace Gryt;

/// <summary>
/// Steps with their dependencies, run at most <see cref="ParallelRunners"/> at once. The
/// constructor validates the graph (names, needs, cycles), so a <see cref="Pipeline"/> that
/// exists can be run.
/// </summary>
public sealed class Pipeline
{
    public Pipeline(
        string name,
        IReadOnlyList<Step> steps,
        int parallelRunners = 1,
        bool failFast = true,
        Dictionary<string, List<Destination>>? hooks = null,
        IReadOnlyList<Destination>? destinations = null,
        IReadOnlyDictionary<string, string>? env = null,
        IReadOnlyList<string>? secrets = null,
        string? description = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(steps);
        if (parallelRunners < 1) throw new InvalidInputException($"parallel runners must be at least 1, not {parallelRunners}");

        var problem = PipelineGraph.FindProblem(steps.Select(s => s.Name).ToList(), steps.Select(s => s.Needs).ToList());
        if (problem is not null) throw new InvalidInputException($"pipeline {name}: {problem.Message}");

        var hookMap = new Dictionary<string, IReadOnlyList<Destination>>(StringComparer.Ordinal);
        foreach (var (hookEvent, targets) in hooks ?? [])
        {
            if (!PipelineEvents.All.Contains(hookEvent))
            {
                throw new InvalidInputException($"pipeline {name}: unknown hook event '{hookEvent}' (events: {string.Join(", ", PipelineEvents.All)})");
            }

            hookMap[hookEvent] = [.. targets];
        }

        Name = name;
        Steps = [.. steps];
        ParallelRunners = parallelRunners;
        FailFast = failFast;
        Hooks = hookMap;
        Destinations = [.. destinations ?? []];
        Environment = new Dictionary<string, string>(env ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        Secrets = [.. secrets ?? []];
        Description = description;
    }

    public string Name { get; }
    public string? Description { get; }
    public IReadOnlyList<Step> Steps { get; }
    public int ParallelRunners { get; }

    /// <summary>After a failure no new step starts (running ones finish); the rest are skipped.</summary>
    public bool FailFast { get; }

    /// <summary>Destinations per event name (<see cref="PipelineEvents"/>).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Destination>> Hooks { get; }

    /// <summary>Receive the final result of every run (event <c>pipeline_end</c>).</summary>
    public IReadOnlyList<Destination> Destinations { get; }

    /// <summary>Added to every step's environment.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>Names of environment variables whose values are masked in all output, logs and records.</summary>
    public IReadOnlyList<string> Secrets { get; }

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

/// <summary>The events hooks may be registered for (SPEC §2).</summary>
public static class PipelineEvents
{
    public const string PipelineStart = "pipeline_start";
    public const string PipelineEnd = "pipeline_end";
    public const string PipelineSuccess = "pipeline_success";
    public const string PipelineFail = "pipeline_fail";
    public const string StepStart = "step_start";
    public const string StepEnd = "step_end";
    public const string StepSuccess = "step_success";
    public const string StepFail = "step_fail";

    /// <summary>Fired by evolutions and promotion, not by the pipeline runner.</summary>
    public const string EvolutionPass = "evolution_pass";
    public const string EvolutionFail = "evolution_fail";
    public const string GenerationPromoted = "generation_promoted";

    public static IReadOnlyList<string> All { get; } =
    [
        PipelineStart, PipelineEnd, PipelineSuccess, PipelineFail,
        StepStart, StepEnd, StepSuccess, StepFail,
        EvolutionPass, EvolutionFail, GenerationPromoted,
    ];
}
