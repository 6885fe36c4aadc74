namespace Gryt;

/// <summary>
/// How to run a pipeline: where, which ids to bind the run to, and the host's seams (clock,
/// progress observer). Every property is optional; the defaults suit a library caller.
/// </summary>
public sealed record PipelineRunOptions
{
    /// <summary>The id of the run to record; a new UUIDv7 when null. gryt passes it to C# pipelines.</summary>
    public string? RunId { get; init; }

    /// <summary>Steps' <c>cwd</c> is relative to it; default: the git top level of the current folder, else the current folder.</summary>
    public string? RepositoryRoot { get; init; }

    /// <summary>Where step logs go (<c>&lt;LogsFolder&gt;/&lt;run_id&gt;/&lt;step&gt;.log</c>); default <c>&lt;root&gt;/.gryt/logs</c>.</summary>
    public string? LogsFolder { get; init; }

    /// <summary>The evolution this run proves, when bound to one; recorded on the run and on its metrics.</summary>
    public string? EvolutionId { get; init; }

    /// <summary>The generation of <see cref="EvolutionId"/>; recorded on the run's metrics.</summary>
    public string? GenerationId { get; init; }

    /// <summary>The file the pipeline came from, recorded on the run.</summary>
    public string? PipelinePath { get; init; }

    /// <summary>Who runs it, recorded on the run.</summary>
    public string? Actor { get; init; }

    /// <summary>The web page of the CI run this run is part of (<c>pipeline_runs.ci_url</c>); see <see cref="Ci.CiPlatform"/>.</summary>
    public string? CiUrl { get; init; }

    /// <summary>The environment steps inherit; default: this process's environment.</summary>
    public IReadOnlyDictionary<string, string>? BaseEnvironment { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The working folder, machine, process, environment and git the run sees; default: this process when the run starts.</summary>
    public GrytHost Host { get => field ??= GrytHost.Current; init; }

    /// <summary>Told about progress (steps starting and ending, hook failures), e.g. to render it.</summary>
    public IPipelineObserver? Observer { get; init; }

    /// <summary>How long one hook delivery may take before it counts as failed.</summary>
    public TimeSpan HookTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Lines of output kept in memory and in <c>step_runs.output_tail</c>.</summary>
    public int TailLines { get; init; } = 64;
}

/// <summary>Receives progress of a run. Calls may come from several threads, one at a time per step.</summary>
public interface IPipelineObserver
{
    void RunStarted(string runId, Pipeline pipeline);

    void StepStarted(string stepName, int attempt);

    void StepFinished(StepResult result);

    void HookFailed(HookFailure failure);
}
