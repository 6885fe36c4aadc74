using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>What an export wrote, counted as the records went into the file.</summary>
internal sealed record ExportCounts(long Generations, long Changes, long Evolutions, long Runs, long Steps, long Metrics, long PolicyChecks, long Events);

/// <summary>The header of an export: when, by whom, with which gryt and filters, and the chain's state.</summary>
internal sealed record ExportHeader(string ExportedAt, string ExportedBy, string GrytVersion, string? Since, string? Version, ExportSummary Summary, ChainVerification Chain);
