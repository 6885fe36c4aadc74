using System.Text;
using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Git;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>What <c>audit hotfix</c> created.</summary>
internal sealed record HotfixCreated(Generation Generation, string BaseVersion, string IssueId, string Title, string FilePath);

/// <summary>
/// Hotfixes: a generation for the next free patch of a promoted release with one <c>fix</c> change,
/// linked to its base (promoted or revoked), and its promotion with the gates <see cref="Gates"/>
/// (failed attempts are tolerated: a hotfix is often proven on the second try).
/// </summary>
internal sealed class HotfixService(GrytProject project, GrytDatabase database, GrytContext context, GitClient git)
{
    private readonly HotfixStore _store = new(database);

    /// <summary>Finds the key that signs the provenance; null: unsigned.</summary>
    public Func<Evidence.EvidenceSigner?>? Signer { get; init; }

    /// <summary>Creates the hotfix of promoted <paramref name="baseText"/> for issue <paramref name="issueId"/>.</summary>
    public HotfixCreated Create(string baseText, string issueId, string? title)
    {
        ArgumentNullException.ThrowIfNull(issueId);
        var contracts = new ContractService(project, database, context);
        var baseVersion = SemanticVersion.Parse(baseText);
        var baseGeneration = _store.Find(baseVersion.ToString())?.ToGeneration()
            ?? throw new NotFoundException($"generation {baseVersion} not found; a hotfix starts from a promoted release",
                _store.NewestRelease() is { } newest ? $"the newest promoted release is {newest}; see them all with: gryt generation list" : "no release has been promoted yet: promote one with gryt generation promote VERSION");
        // A revoked release keeps its place in history: its fixes may still ship as a hotfix of it.
        if (baseGeneration.Status is not (GenerationStatus.Promoted or GenerationStatus.Revoked))
        {
            throw new ConflictException(
                $"generation {baseGeneration.Version} is {baseGeneration.Status.ToWord()}; only a promoted release can get a hotfix",
                baseGeneration.Status == GenerationStatus.Draft
                    ? $"it is not released yet: add the fix to the draft itself, in {project.Shown(project.GenerationFile(baseVersion))}, and prove it there"
                    : "start the fix in a new generation: gryt generation new VERSION");
        }

        if (!ContractFile.ChangeIdPattern().IsMatch(issueId))
        {
            throw new InvalidInputException($"issue id '{SemanticVersion.Printable(issueId)}' is not a change id",
                "use letters, digits, '.', '_' and '-', starting with a letter or digit (at most 64), e.g. CRIT-99");
        }

        var shownTitle = string.IsNullOrWhiteSpace(title) ? $"Hotfix for {issueId}" : title;
        if (shownTitle.Contains('\n') || shownTitle.Contains('\r') || shownTitle.Length > ContractFile.MaxTitleLength)
        {
            throw new InvalidInputException($"the title must be one line of at most {ContractFile.MaxTitleLength} characters");
        }

        if (DisplayText.FirstUnsafe(shownTitle) is { } bad)
        {
            throw new InvalidInputException($"the title contains a control character ({bad})");
        }

        var version = NextFreePatch(baseVersion, TagFormat.Of(baseGeneration.TagPrefix, ProjectConfig.Load(project).TagFormat));
        var description = $"Hotfix of {baseGeneration.Version} for {issueId}: {shownTitle}";
        var text = ContractText(version, description, issueId, shownTitle, baseGeneration);
        // Validate the whole contract before anything is written: a bad title stops here.
        ContractFile.Parse(Encoding.UTF8.GetBytes(text), project.Shown(project.GenerationFile(version)), version);

        var (created, path) = contracts.Create(version.ToString(), description);
        database.WriteTransaction(transaction =>
        {
            _store.SetBase(transaction, created.GenerationId, baseGeneration.GenerationId);
            AuditLog.Append(database, transaction, context, "hotfix.created", "generation", created.GenerationId, "hotfix",
                new Dictionary<string, object?>
                {
                    ["version"] = created.Version, ["base_version"] = baseGeneration.Version, ["base_generation_id"] = baseGeneration.GenerationId,
                    ["issue"] = issueId, ["title"] = shownTitle,
                });
        });
        File.WriteAllText(path, text);
        var synced = contracts.Sync(version.ToString());
        return new HotfixCreated(synced.Generation, baseGeneration.Version, issueId, shownTitle, path);
    }

    /// <summary>The version a hotfix of <paramref name="baseVersion"/> gets: one past the highest patch of its
    /// line (SemVer-ordered, never text-ordered), skipping any whose release tag already exists.</summary>
    public SemanticVersion NextFreePatch(SemanticVersion baseVersion, TagFormat? tags = null)
    {
        ArgumentNullException.ThrowIfNull(baseVersion);
        tags ??= TagFormat.Default;
        var highest = baseVersion.Patch;
        foreach (var text in _store.VersionsOfLine(baseVersion.Major, baseVersion.Minor))
        {
            if (SemanticVersion.TryParse(text, out var existing) && existing.Major == baseVersion.Major && existing.Minor == baseVersion.Minor)
            {
                highest = Math.Max(highest, existing.Patch);
            }
        }

        for (var patch = highest + 1; ; patch++)
        {
            var candidate = SemanticVersion.Parse($"v{baseVersion.Major}.{baseVersion.Minor}.{patch}");
            if (!git.TagExists(tags.Release(candidate))) return candidate;
        }
    }

    /// <summary>The base a hotfix generation fixes, or null when the generation is not a hotfix.</summary>
    public string? BaseOf(Generation generation)
    {
        ArgumentNullException.ThrowIfNull(generation);
        return _store.BaseVersion(generation.GenerationId);
    }

    /// <summary>Promotes a hotfix generation with the hotfix gates; a generation that is not a hotfix is refused.</summary>
    public Task<PromotionResult> PromoteAsync(string versionText, IData data, bool snapshotBefore, CancellationToken cancellationToken = default)
    {
        var contracts = new ContractService(project, database, context);
        var generation = contracts.Show(versionText).Generation;
        var baseVersion = BaseOf(generation)
            ?? throw new ConflictException($"generation {generation.Version} is not a hotfix", $"promote it with: gryt generation promote {generation.Version}");
        // The hotfix event is written in the promotion's own transaction: a crash cannot leave one without the other.
        return new PromotionService(project, database, context, git) { Signer = Signer }.PromoteRecordingAsync(versionText, data, Gates(git), dryRun: false, atReference: null, snapshotBefore, createTag: true,
            alsoRecord: (transaction, tag, commit) => AuditLog.Append(database, transaction, context, "hotfix.promoted", "generation", generation.GenerationId, "promote",
                new Dictionary<string, object?> { ["version"] = generation.Version, ["base_version"] = baseVersion, ["tag"] = tag, ["commit"] = commit }),
            cancellationToken);
    }

    /// <summary>The hotfix gates: its change proven (failed attempts tolerated), and the proof inside the release and descended from the base.</summary>
    public static IReadOnlyList<PromotionGate> Gates(GitClient git) => [new AllChangesProvenGate(), new ProofsInReleaseGate(git)];

    private static string ContractText(SemanticVersion version, string description, string issueId, string title, Generation baseGeneration)
    {
        var text = new StringBuilder();
        text.Append("# Hotfix of ").Append(baseGeneration.Version).Append(" for ").Append(issueId).Append(", created by gryt audit hotfix.\n");
        text.Append("version: ").Append(version).Append('\n');
        text.Append("description: ").Append(ContractFile.Quote(description)).Append('\n');
        text.Append("changes:\n");
        text.Append("  - type: fix\n");
        text.Append("    id: ").Append(ContractFile.Quote(issueId)).Append('\n');
        text.Append("    title: ").Append(ContractFile.Quote(title)).Append('\n');
        if (baseGeneration.PipelineTemplate is { } template) text.Append("pipeline_template: ").Append(template).Append('\n');
        if (baseGeneration.TagPrefix.Length > 0) text.Append("tag_prefix: ").Append(ContractFile.Quote(baseGeneration.TagPrefix)).Append('\n');
        return text.ToString();
    }
}
