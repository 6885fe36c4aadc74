namespace Gryt;

/// <summary>
/// The seams a library operation needs from its host: the clock, who is acting (recorded
/// in the audit trail) and the rest of the host (<see cref="GrytHost"/>). The actor is resolved lazily because looking it up may run git.
/// </summary>
public sealed class GrytContext(TimeProvider clock, Func<string> actor)
{
    private readonly Lazy<string> _actor = new(actor);

    public TimeProvider Clock { get; } = clock;

    public string Actor => _actor.Value;

    public DateTimeOffset Now => Clock.GetUtcNow();

    /// <summary>The working folder, machine, process, environment and git; default: this process when first asked.</summary>
    public GrytHost Host { get => field ??= GrytHost.Current; init; }

    /// <summary>For tests and embedding: a fixed actor on the system clock.</summary>
    public static GrytContext For(string actor) => new(TimeProvider.System, () => actor);
}
