namespace Gryt.Tests.TestSupport;

/// <summary>Step lookups for <see cref="Evolutions.EvolutionService.StartAsync"/> in tests, where no pipeline is described by dotnet.</summary>
internal static class StepsOf
{
    /// <summary>No pipeline exists.</summary>
    public static Func<string, CancellationToken, Task<IReadOnlyList<string>?>> None { get; } = (_, _) => Task.FromResult<IReadOnlyList<string>?>(null);

    public static Func<string, CancellationToken, Task<IReadOnlyList<string>?>> From(Func<string, IReadOnlyList<string>?> steps) =>
        (name, _) => Task.FromResult(steps(name));
}
