namespace Gryt.Steps;

/// <summary>
/// The built-in steps a YAML pipeline names with <c>uses:</c> (SPEC §5), created from their
/// <c>with:</c> options. Options arrive as plain values (string, long, double, bool, lists and
/// dictionaries of those) so that this registry knows nothing of YAML.
/// </summary>
public static class BuiltInSteps
{
    /// <summary>Every name <c>uses:</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = [];

    /// <summary>Creates step <paramref name="stepName"/> of kind <paramref name="uses"/>; throws
    /// <see cref="InvalidInputException"/> for an unknown kind or a bad option (the loader adds file:line).</summary>
    public static Step Create(string uses, string stepName, IReadOnlyDictionary<string, object?> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        throw new InvalidInputException($"unknown built-in step '{uses}' in step {stepName}");
    }
}
