namespace Gryt.Pipelines.Loading;

/// <summary>
/// A built-in step (<c>uses:</c>) with the settings its YAML entry gives (needs, timeout, env, …).
/// The registry creates the step from its <c>with:</c> options only; this wrapper adds the rest,
/// keeping what the built-in step set itself (its own report files and variables).
/// </summary>
internal sealed class ConfiguredStep : Step
{
    public ConfiguredStep(Step inner, string uses, string? description)
        : base(inner.Name, description ?? inner.Description)
    {
        Inner = inner;
        Uses = uses;
    }

    public Step Inner { get; }

    /// <summary>The built-in step's name, e.g. <c>dotnet-build</c>.</summary>
    public string Uses { get; }

    public override Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        Inner.RunAsync(context, cancellationToken);
}
