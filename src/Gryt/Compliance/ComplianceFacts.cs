namespace Gryt.Compliance;

internal sealed record SnapshotFacts(int Total, int BeforePromotion, int Unusable, DateTimeOffset? Newest, double? NewestAgeDays, string? NewestId, string? NewestProblem);
