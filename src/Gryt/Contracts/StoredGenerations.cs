using Gryt.Storage;

namespace Gryt.Contracts;

/// <summary>Generations and changes as the domain sees them, from the rows <see cref="GenerationStore"/> reads and writes.</summary>
internal static class StoredGenerations
{
    public static Generation ToGeneration(this StoredGeneration row) =>
        new(row.GenerationId, row.Version, row.Description, GenerationStatuses.Parse(row.Status), row.PipelineTemplate, row.Revision,
            row.CreatedAt, row.PromotedAt, row.PromotedBy)
        {
            TagPrefix = row.TagPrefix,
            TagFormatTemplate = row.TagFormat,
            ImportedFrom = row.ImportedFrom,
            RevokedAt = row.RevokedAt,
            RevokedBy = row.RevokedBy,
            RevokedReason = row.RevokedReason,
        };

    public static GenerationSummary ToSummary(this StoredGenerationSummary row) =>
        new(row.Generation.ToGeneration(), row.ChangesTotal, row.ChangesProven, row.Evolutions);

    public static GenerationRow ToListing(this StoredGenerationListing row) =>
        new(row.Version, GenerationStatuses.Parse(row.Status), row.ChangesProven, row.ChangesTotal, row.Evolutions, row.CreatedAt, row.PromotedAt);

    public static Change ToChange(this StoredChange row)
    {
        var state = row.Passed > 0 ? ChangeState.Proven : row.Failed > 0 ? ChangeState.Failed : ChangeState.Unproven;
        var d = row.Definition;
        return new Change(d.ChangeId, ChangeTypes.FromStored(d.Type), d.Title, d.Description, d.Pipeline, state, row.Passed, row.Failed);
    }

    public static ChangeDefinition ToDefinition(this StoredChangeDefinition row) =>
        new(row.ChangeId, ChangeTypes.FromStored(row.Type), row.Title, row.Description, row.Pipeline);

    public static StoredChangeDefinition ToStored(this ChangeDefinition change) =>
        new(change.Id, change.Type.ToWord(), change.Title, change.Description, change.Pipeline);

    /// <summary>The header to store; <paramref name="tagFormat"/> is config.yaml's <c>tag_format</c>.</summary>
    public static StoredContractHeader ToStoredHeader(this ContractDefinition contract, string tagFormat) =>
        new(contract.Version, contract.Description, contract.PipelineTemplate, contract.TagPrefix, contract.Sha256) { TagFormat = tagFormat };
}
