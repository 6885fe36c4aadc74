namespace Gryt;

/// <summary>The verdict of one gate: passed or not, a one-line message, and optional details.</summary>
public sealed record GateResult(bool Passed, string Message, Dictionary<string, object?>? Details = null);

/// <summary>
/// A condition a generation must meet before promotion. Subclass it for custom gates
/// (see the guide's <c>CodeCoverageGate</c>); a gate that finds no data should fail.
/// </summary>
public abstract class PromotionGate(string name)
{
    public string Name { get; } = name;

    public abstract GateResult Check(Generation generation, IData data);

    /// <summary>What a promotion runs; by default <see cref="Check"/>. A gate that waits on something
    /// (a process, the network) overrides this instead, so that nothing blocks on a task.</summary>
    public virtual Task<GateResult> CheckAsync(Generation generation, IData data, CancellationToken cancellationToken) =>
        Task.FromResult(Check(generation, data));
}
