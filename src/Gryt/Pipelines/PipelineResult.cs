namespace Gryt;

/// <summary>
/// How one step of a run ended. <c>Message</c> says why it failed or was skipped (timeout, a
/// need that failed, …) and <c>OutputTail</c> holds its last output lines, both with secrets masked.
/// </summary>
public sealed record StepResult
{
    // Built by the library only: readers get the values, not a long constructor.
    internal StepResult(string name, StepStatus status, int? exitCode, int attempts, TimeSpan duration, string? message, string? logPath, IReadOnlyList<string> outputTail)
    {
        Name = name;
        Status = status;
        ExitCode = exitCode;
        Attempts = attempts;
        Duration = duration;
        Message = message;
        LogPath = logPath;
        OutputTail = outputTail;
    }

    public string Name { get; init; }

    public StepStatus Status { get; init; }

    public int? ExitCode { get; init; }

    public int Attempts { get; init; }

    public TimeSpan Duration { get; init; }

    public string? Message { get; init; }

    public string? LogPath { get; init; }

    public IReadOnlyList<string> OutputTail { get; init; }

    /// <summary>Failed, but marked <c>continue_on_error</c>: it does not fail the pipeline.</summary>
    public bool Tolerated { get; init; }

    /// <summary>What the user should see though the step ran, e.g. a declared report that was not written.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A hook or destination that could not deliver an event.</summary>
public sealed record HookFailure(string Event, string Destination, bool Required, string Message, string? StepName);

/// <summary>The outcome of one pipeline run.</summary>
public sealed record PipelineResult
{
    // Built by the library only: readers get the values, not a long constructor.
    internal PipelineResult(string runId, string pipelineName, RunStatus status, IReadOnlyList<StepResult> steps, DateTimeOffset startedAt, DateTimeOffset endedAt, string? commitSha, bool dirty, IReadOnlyList<HookFailure> hookFailures)
    {
        RunId = runId;
        PipelineName = pipelineName;
        Status = status;
        Steps = steps;
        StartedAt = startedAt;
        EndedAt = endedAt;
        CommitSha = commitSha;
        Dirty = dirty;
        HookFailures = hookFailures;
    }

    public string RunId { get; init; }

    public string PipelineName { get; init; }

    public RunStatus Status { get; init; }

    public IReadOnlyList<StepResult> Steps { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset EndedAt { get; init; }

    public string? CommitSha { get; init; }

    public bool Dirty { get; init; }

    public IReadOnlyList<HookFailure> HookFailures { get; init; }

    public bool Passed => Status == RunStatus.Pass;

    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>The exit code of a run stopped by a <see cref="Fault"/>: 5, the environment is not usable.</summary>
    internal const int FaultExitCode = 5;

    /// <summary>The process exit code SPEC §3 gives this outcome: 0 pass, 1 fail, 130 interrupted, 5 stopped by a <see cref="Fault"/>.</summary>
    public int ExitCode => Fault is not null ? FaultExitCode : Status switch
    {
        RunStatus.Pass => 0,
        RunStatus.Interrupted => 130,
        _ => 1,
    };

    /// <summary>Why the run failed when no step did (a required hook, for example); null otherwise.</summary>
    public string? Message { get; init; }

    /// <summary>
    /// Why the run had to stop although no step asked for it: a step's log or the run's records could
    /// not be written (a full disk, an unwritable or locked database). The run is <c>fail</c>; null otherwise.
    /// </summary>
    public string? Fault { get; init; }
}
