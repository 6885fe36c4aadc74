using System.Globalization;
using Gryt.Ci;
using Gryt.Cli.Commands.PipelineCommands;
using Gryt.Pipelines;
using Gryt.Pipelines.Loading;

namespace Gryt.Cli.Commands.RunCommands;

/// <summary>
/// Plain progress of a run, one line per event, for pipes, CI and NO_COLOR:
/// <c>▶ build</c>, <c>✓ build (1.2s)</c>, <c>✗ test (exit 3, 0.4s)</c> and, for a failed step, the tests its
/// reports name as failed, its output tail and log path. Step output itself goes to the log files, never whole to the screen.
/// Under a CI service that folds log lines (<see cref="CiPlatform"/>), a step that passed shows its
/// output tail too, folded in a group titled by its summary line; a failed step's tail stays unfolded.
/// </summary>
internal sealed class RunProgress(TextWriter output, TextWriter error, Func<string, string> shownPath, CiPlatform? ci = null, TimeProvider? clock = null)
    : IPipelineObserver
{
    private readonly Lock _gate = new();

    public void RunStarted(string runId, Pipeline pipeline)
    {
        lock (_gate) output.WriteLine($"Running {pipeline.Name} ({Counted.Of(pipeline.Steps.Count, "step")}, run {runId})");
    }

    public void StepStarted(string stepName, int attempt)
    {
        lock (_gate) output.WriteLine(attempt == 1 ? $"▶ {stepName}" : $"▶ {stepName} (attempt {attempt})");
    }

    public void StepFinished(StepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (_gate)
        {
            if (result.Status == StepStatus.Pass && ci is not null && (result.OutputTail.Count > 0 || result.LogPath is not null))
            {
                var end = (clock ?? TimeProvider.System).GetUtcNow();
                var start = ci.GroupStart(Summary(result), result.Name, end - result.Duration);
                if (start.Count > 0)
                {
                    foreach (var line in start) output.WriteLine(line);
                    foreach (var line in result.OutputTail) output.WriteLine(line);
                    if (result.LogPath is not null) output.WriteLine("log: " + shownPath(result.LogPath));
                    foreach (var line in ci.GroupEnd(result.Name, end)) output.WriteLine(line);
                    foreach (var warning in result.Warnings) output.WriteLine("warning: " + warning);
                    return;
                }
            }

            output.WriteLine(Summary(result));
            foreach (var warning in result.Warnings) output.WriteLine("    warning: " + warning);
            if (result.Status == StepStatus.Fail) WriteTail(output, result, shownPath, "    ");
        }
    }

    public void HookFailed(HookFailure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        lock (_gate) error.WriteLine(HookWarning(failure));
    }

    public static string HookWarning(HookFailure failure) =>
        $"gryt: warning: {(failure.Required ? "required " : "")}destination {failure.Destination} failed on {failure.Event}" +
        (failure.StepName is null ? "" : $" of step {failure.StepName}") + $": {failure.Message}";

    public static string Summary(StepResult result) => StepLines.Summary(result);

    public static void WriteTail(TextWriter writer, StepResult result, Func<string, string> shownPath, string indent) =>
        StepLines.WriteTail(writer, result, shownPath, indent);

    public static string Reason(StepResult result) => StepLines.Reason(result);

    public static string Seconds(TimeSpan span) => StepLines.Seconds(span);

    /// <summary>The plan of <c>--dry-run</c>: steps in an order that respects needs, each publish step
    /// followed by what it would publish (<paramref name="publishes"/>, by step name).</summary>
    public static void WritePlan(TextWriter writer, PipelineInfo info, string shownFile, IReadOnlyDictionary<string, IReadOnlyList<string>>? publishes = null)
    {
        writer.WriteLine($"{info.Name} ({shownFile}): {Counted.Of(info.Steps.Count, "step")}, {Counted.Of(info.ParallelRunners, "runner")}, fail_fast {(info.FailFast ? "on" : "off")}");
        var done = new HashSet<string>(StringComparer.Ordinal);
        var remaining = info.Steps.ToList();
        var position = 1;
        while (remaining.Count > 0)
        {
            var next = remaining.FirstOrDefault(s => s.Needs.All(done.Contains)) ?? remaining[0];
            remaining.Remove(next);
            done.Add(next.Name);
            var what = next.Run is not null ? "run: " + next.Run : next.Uses is not null ? "uses: " + next.Uses : "";
            var needs = next.Needs.Count > 0 ? $" (needs {string.Join(", ", next.Needs)})" : "";
            writer.WriteLine($"{position++,3}. {next.Name}{needs}  {what}".TrimEnd());
            // A shell step's line already shows its command, unless it runs in a folder of its own.
            if (next.Run is null || next.WorkingDirectory is not null)
            {
                foreach (var command in PlannedCommandText.Lines(next)) writer.WriteLine("       " + command);
            }

            if (publishes is not null && publishes.TryGetValue(next.Name, out var lines))
            {
                foreach (var line in lines) writer.WriteLine("       " + line);
            }
        }

        writer.WriteLine("dry run: nothing was run");
    }
}
