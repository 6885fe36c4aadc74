namespace Gryt.Contracts;

/// <summary>The kind of a declared change; the YAML words are the lower-case names.</summary>
public enum ChangeType
{
    Add,
    Fix,
    Refine,
    Remove,
}

internal static class ChangeTypes
{
    public static IReadOnlyList<string> Words { get; } = ["add", "fix", "refine", "remove"];

    public static string ToWord(this ChangeType type) => type switch
    {
        ChangeType.Add => "add",
        ChangeType.Fix => "fix",
        ChangeType.Refine => "refine",
        ChangeType.Remove => "remove",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a type word that the database's CHECK constraint already guarantees.</summary>
    internal static ChangeType FromStored(string word) =>
        TryParse(word, out var type) ? type : throw new InvalidOperationException($"unknown change type '{word}' in the database");

    public static bool TryParse(string? word, out ChangeType type)
    {
        switch (word)
        {
            case "add": type = ChangeType.Add; return true;
            case "fix": type = ChangeType.Fix; return true;
            case "refine": type = ChangeType.Refine; return true;
            case "remove": type = ChangeType.Remove; return true;
            default: type = default; return false;
        }
    }
}
