namespace Gryt;

/// <summary>How a pipeline run stands (SPEC §4 status words).</summary>
public enum RunStatus
{
    Pending,
    Running,
    Pass,
    Fail,
    Interrupted,
}

/// <summary>How a step of a run stands; a step that never started because of a failure is <see cref="Skipped"/>.</summary>
public enum StepStatus
{
    Pending,
    Running,
    Pass,
    Fail,
    Skipped,
    Interrupted,
}

/// <summary>The words the database, JSON output and hook payloads use for statuses.</summary>
internal static class StatusWords
{
    public static string ToWord(this RunStatus status) => status switch
    {
        RunStatus.Pending => "pending",
        RunStatus.Running => "running",
        RunStatus.Pass => "pass",
        RunStatus.Fail => "fail",
        _ => "interrupted",
    };

    public static string ToWord(this StepStatus status) => status switch
    {
        StepStatus.Pending => "pending",
        StepStatus.Running => "running",
        StepStatus.Pass => "pass",
        StepStatus.Fail => "fail",
        StepStatus.Skipped => "skipped",
        _ => "interrupted",
    };

    public static RunStatus ParseRun(string word) => word switch
    {
        "pending" => RunStatus.Pending,
        "running" => RunStatus.Running,
        "pass" => RunStatus.Pass,
        "fail" => RunStatus.Fail,
        "interrupted" => RunStatus.Interrupted,
        _ => throw new ArgumentOutOfRangeException(nameof(word), word, "not a run status"),
    };
}
