namespace Gryt.Contracts;

/// <summary>Life of a release contract: draft until promoted (frozen) or abandoned; a promoted release can be revoked.</summary>
public enum GenerationStatus
{
    Draft,
    Promoted,
    Abandoned,
    Revoked,
}

internal static class GenerationStatuses
{
    public static string ToWord(this GenerationStatus status) => status switch
    {
        GenerationStatus.Draft => "draft",
        GenerationStatus.Promoted => "promoted",
        GenerationStatus.Abandoned => "abandoned",
        GenerationStatus.Revoked => "revoked",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static GenerationStatus Parse(string word) => word switch
    {
        "draft" => GenerationStatus.Draft,
        "promoted" => GenerationStatus.Promoted,
        "abandoned" => GenerationStatus.Abandoned,
        "revoked" => GenerationStatus.Revoked,
        _ => throw new InvalidOperationException($"unknown generation status '{word}' in the database"),
    };
}
