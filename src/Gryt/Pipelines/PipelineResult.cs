namespace Gryt;

/// <summary>
/// How one step of a run ended. <c>Message</c> says why it failed or was skipped (timeout, a
/// need that failed, …) and <c>OutputTail</c> holds its last output lines, both with secrets masked.
/// </summary>
public sealed record StepResult(
    string Name,
    StepStatus Status,
    int? ExitCode,
    int Attempts,
    TimeSpan Duration,
    string? Message,
    string? LogPath,
    IReadOnlyList<string> OutputTail)
{
    /// <summary>Failed, but marked <c>continue_on_error</c>: it does not fail the pipeline.</summary>
    public bool Tolerated { get; init; }
}

/// <summary>A hook or destination that could not deliver an event.</summary>
public sealed record HookFailure(string Event, string Destination, bool Required, string Message, string? StepName);

/// <summary>The outcome of one pipeline run.</summary>
public sealed record PipelineResult(
    string RunId,
    string PipelineName,
    RunStatus Status,
    IReadOnlyList<StepResult> Steps,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string? CommitSha,
    bool Dirty,
    IReadOnlyList<HookFailure> HookFailures)
{
    public bool Passed => Status == RunStatus.Pass;

    public TimeSpan Duration => EndedAt - StartedAt;

    /// <summary>The exit code of a run stopped by a <see cref="Fault"/>: 5, the environment is not usable.</summary>
    public const int FaultExitCode = 5;

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
