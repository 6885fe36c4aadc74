using System.Globalization;

namespace Gryt.Pipelines;

/// <summary>
/// A finished step as progress lines: <c>✓ build (1.2s)</c>, <c>✗ test (exit 3, 0.4s)</c> and, for a
/// failed step, the tests its reports name as failed, its output tail and log path. Written once for
/// <c>gryt run</c>'s progress and for a C# pipeline run on its own (<see cref="PipelineHost"/>).
/// </summary>
internal static class StepLines
{
    /// <summary>How many of a failed step's last output lines are shown.</summary>
    public const int TailLinesShown = 20;

    public static string Summary(StepResult result) => result.Status switch
    {
        StepStatus.Pass => $"✓ {result.Name} ({Seconds(result.Duration)}{Attempts(result)})",
        StepStatus.Fail => $"✗ {result.Name} ({Reason(result)}, {Seconds(result.Duration)}{Attempts(result)}){(result.Tolerated ? " (continue_on_error)" : "")}",
        StepStatus.Skipped => $"- {result.Name} skipped: {result.Message}",
        _ => $"■ {result.Name} interrupted ({Seconds(result.Duration)})",
    };

    /// <summary>What a failed step shows under its summary line, each line after <paramref name="indent"/>.</summary>
    public static void WriteTail(TextWriter writer, StepResult result, Func<string, string> shownPath, string indent)
    {
        // Which tests failed says more than the runner's last lines, which are often its summary.
        foreach (var line in Steps.Reports.FailedTests.Lines(result.FailedTests)) writer.WriteLine(indent + line);
        foreach (var line in result.OutputTail.Skip(Math.Max(0, result.OutputTail.Count - TailLinesShown))) writer.WriteLine(indent + "│ " + line);
        if (result.LogPath is not null) writer.WriteLine($"{indent}log: {shownPath(result.LogPath)}");
    }

    public static string Reason(StepResult result) =>
        result.ExitCode is { } code && (result.Message is null || result.Message == $"exit code {code}") ? $"exit {code}" : result.Message ?? "failed";

    public static string Seconds(TimeSpan span) =>
        span.TotalSeconds < 60
            ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
            : $"{(int)span.TotalMinutes}m{span.Seconds:00}s";

    private static string Attempts(StepResult result) => result.Attempts > 1 ? $", {result.Attempts} attempts" : "";
}
