namespace Gryt.Compliance;

public sealed record SnapshotFacts(int Total, int BeforePromotion, int Unusable, DateTimeOffset? Newest, double? NewestAgeDays, string? NewestId, string? NewestProblem);
