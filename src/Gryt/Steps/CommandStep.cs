namespace Gryt;

/// <summary>A step that runs a shell command (<c>bash -c</c> on Unix).</summary>
public class CommandStep(string name, string command, string? description = null) : Step(name, description)
{
    public string Command { get; } = command;

    public override async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var exitCode = await context.RunShellAsync(Command, cancellationToken).ConfigureAwait(false);
        return StepOutcome.FromExitCode(exitCode);
    }
}
