using Gryt.Pipelines.Loading;

namespace Gryt.Cli.Commands.PipelineCommands;

/// <summary>What a step will run, as <c>pipeline show</c> and <c>run --dry-run</c> print it: one line a command.</summary>
internal static class PlannedCommandText
{
    public const string Custom = "(custom step)";

    /// <summary><c>$ [cd FOLDER &amp;&amp; ]COMMAND</c> for each command of a shell or built-in step, why a built-in
    /// step's command cannot be built, or <c>(custom step)</c>; none when the plan was not asked for.</summary>
    public static IReadOnlyList<string> Lines(PipelineStepInfo step)
    {
        ArgumentNullException.ThrowIfNull(step);
        var folder = step.WorkingDirectory is { Length: > 0 } cwd && cwd != "." ? $"cd {ToolCommand.Quote(cwd)} && " : "";
        if (step.Run is not null) return ["$ " + folder + step.Run.ReplaceLineEndings(" ")];
        if (step.Custom) return [Custom];
        if (step.Plan is not { } plan) return [];
        return plan.Problem is not null
            ? ["cannot run: " + plan.Problem.ReplaceLineEndings(" ")]
            : [.. plan.Commands.Select(c => "$ " + folder + c.Display)];
    }
}
