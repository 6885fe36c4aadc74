using Gryt.Pipelines.Loading;

namespace Gryt.Pipelines.Internal;

/// <summary>What a step runs: as recorded in <c>step_runs.command</c> for the audit trail, and as
/// <c>pipeline show</c> and <c>run --dry-run</c> plan it.</summary>
internal static class StepCommand
{
    /// <summary>The shell command, or <c>uses: KIND</c> for a built-in step; null for a custom C# step. Secrets are masked.</summary>
    public static string? Of(Step step, SecretMasker masker)
    {
        var command = step switch
        {
            CommandStep shell => shell.Command,
            ConfiguredStep { Inner: CommandStep inner } => inner.Command,
            ConfiguredStep configured => "uses: " + configured.Uses,
            _ => null,
        };
        return command is null ? null : masker.Apply(command);
    }

    /// <summary>
    /// The commands a built-in step would run, built as a run builds them (the step's folder under
    /// <paramref name="root"/>, its environment over <paramref name="runEnvironment"/>) but running and
    /// writing nothing; secrets masked in every argument. Null for a shell or custom step.
    /// </summary>
    public static PlannedCommands? Plan(Step step, string root, IReadOnlyDictionary<string, string> runEnvironment, SecretMasker masker)
    {
        if (BuiltIn(step) is not ToolStep tool) return null;
        var (commands, problem) = tool.Preview(Folder(step, root), PipelineRunner.MergeEnvironment(runEnvironment, step.Environment));
        var planned = (commands ?? []).Select(c =>
        {
            var masked = new ToolCommand(c.FileName, [.. c.Arguments.Select(masker.Apply)]);
            return new PlannedCommand([masked.FileName, .. masked.Arguments], masked.Display());
        }).ToList();
        return new PlannedCommands(planned, masker.ApplyOrNull(problem));
    }

    /// <summary>The step itself: a built-in step without the <c>uses:</c> entry's settings around it, else <paramref name="step"/>.</summary>
    public static Step BuiltIn(Step step) => step is ConfiguredStep configured ? configured.Inner : step;

    /// <summary>The folder the step runs in: its <c>cwd</c> under <paramref name="root"/>, else the root.</summary>
    public static string Folder(Step step, string root) =>
        step.WorkingDirectory is null ? root : Path.GetFullPath(Path.Combine(root, step.WorkingDirectory));
}
