namespace Gryt.Hooks;

/// <summary>
/// The destinations a YAML pipeline names under <c>hooks:</c> and <c>destinations:</c>
/// (<c>print</c>, <c>webhook</c>, <c>slack</c>, <c>file</c>, <c>prometheus</c>, <c>command</c>),
/// created from plain option values; <c>${VAR}</c> is expanded by the caller.
/// </summary>
public static class Destinations
{
    public static IReadOnlyList<string> Kinds { get; } = [];

    /// <summary>Throws <see cref="InvalidInputException"/> for an unknown kind or a bad option.</summary>
    public static Destination Create(string kind, IReadOnlyDictionary<string, object?> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        throw new InvalidInputException($"unknown destination '{kind}'");
    }
}
