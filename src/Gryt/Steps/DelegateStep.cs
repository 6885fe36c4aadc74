namespace Gryt;

/// <summary>
/// A step whose body is a delegate (<see cref="Step.Run(string, Func{StepContext, Task}, string?, IReadOnlyList{string}?, TimeSpan?, int, bool, string?, IReadOnlyDictionary{string, string}?)"/>).
/// It passes when the delegate returns and fails with the exception's message when it throws.
/// </summary>
internal sealed class DelegateStep(string name, string? description, Func<StepContext, Task> body) : Step(name, description)
{
    public override async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await body(context).ConfigureAwait(false);
        // A body that ignored its token and returned normally after an interrupt or a timeout did not pass.
        cancellationToken.ThrowIfCancellationRequested();
        return new StepOutcome(true, null);
    }
}
