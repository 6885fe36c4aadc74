using Gryt.Pipelines.Loading;

namespace Gryt.Pipelines.Internal;

/// <summary>What a step runs, as recorded in <c>step_runs.command</c> for the audit trail.</summary>
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
}
