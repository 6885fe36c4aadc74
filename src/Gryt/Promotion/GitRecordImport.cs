using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>A generation rebuilt from git: its status, the release tag it was read from (promoted) and its rc tags.</summary>
internal sealed record ImportedGeneration(string Version, GenerationStatus Status, string? ReleaseTag, IReadOnlyList<string> RcTags);

/// <summary>What a fresh clone's database took from git, and the tagged versions it could not take (with why).</summary>
internal sealed record GitImportResult(IReadOnlyList<ImportedGeneration> Generations, IReadOnlyList<string> Skipped);

/// <summary>
/// A clone of a repository whose releases gryt made has the contract files and gryt's annotated
/// rc and release tags, but no database. The first time its database is opened with no generation
/// at all, the generations those tags name are rebuilt from them (<see cref="TagRecord"/>): the
/// contract from its file, each passing evolution from its rc tag, the promotion from the release
/// tag; marked imported (<c>imported_from</c>, an audit event). Ids are derived from each tag's name
/// and object id (<see cref="Ids.FromTag"/>), so every clone importing the same tags makes the same rows.
/// Failed evolutions, metrics and runs are not in git: the sync server shares full records.
/// </summary>
internal sealed class GitRecordImport(GrytProject project, GrytDatabase database, GrytContext context, GitClient git)
{
    private readonly GenerationStore _generations = new(database);

    /// <summary>Imports when the database has no generation and git has gryt's tags; null when there was nothing to do.</summary>
    public GitImportResult? ImportIfEmpty()
    {
        // Cheap checks first: this runs as every command opens the project.
        if (!Directory.Exists(project.GenerationsFolder) || !Directory.EnumerateFiles(project.GenerationsFolder, "*.yaml").Any()) return null;
        if (_generations.Any()) return null;
        // Listing tags starts git: skipped while the tags are those that held no record last time.
        var stamp = TagRefsStamp.Of(project.Root);
        var checkedPath = Path.Combine(project.GrytFolder, "cache", "git-import-none");
        if (stamp is not null && ReadOrNull(checkedPath) == stamp) return null;
        var tagged = git.AnnotatedTags(TagRecord.Key + ": ")
            .Select(tag => (Tag: tag, Record: TagRecord.Read(tag.Message)))
            .Where(t => t.Record is not null)
            .Select(t => (t.Tag, Record: t.Record!))
            .ToList();
        if (tagged.Count == 0)
        {
            if (stamp is not null) Remember(checkedPath, stamp);
            return null;
        }

        var skipped = new List<string>();
        var plans = new List<Plan>();
        foreach (var group in tagged.GroupBy(t => t.Record.Version, StringComparer.Ordinal).OrderBy(g => SemanticVersion.Parse(g.Key)))
        {
            if (PlanFor(group.Key, group.ToList(), skipped) is { } plan) plans.Add(plan);
        }

        if (plans.Count == 0) return skipped.Count == 0 ? null : new GitImportResult([], skipped);
        var imported = database.WriteTransaction(transaction =>
        {
            // Another gryt may have imported (or recorded) meanwhile: then this one does nothing.
            if (_generations.Any(transaction)) return null;
            var written = plans.Select(plan => (Plan: plan, Imported: Write(transaction, plan))).ToList();
            // A hotfix names the release it fixes: linked once every imported generation is in.
            var hotfixes = new HotfixStore(database);
            foreach (var (plan, imported) in written)
            {
                if (plan.ReleaseRecord?.Base is not { } baseVersion || _generations.Find(baseVersion) is not { } baseRow) continue;
                hotfixes.SetBase(transaction, _generations.Find(imported.Version)!.GenerationId, baseRow.GenerationId);
            }

            return written.Select(w => w.Imported).ToList();
        });
        return imported is null ? null : new GitImportResult(imported, skipped);
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    // Only a shortcut: when it cannot be written, the tags are listed again next time.
    private static void Remember(string path, string stamp)
    {
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, stamp);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
        }
    }

    private sealed record Plan(ContractDefinition Contract, string TagFormat, AnnotatedTag? Release, TagRecord? ReleaseRecord,
        IReadOnlyList<(AnnotatedTag Tag, TagRecord Record)> Evolutions);

    private Plan? PlanFor(string versionText, List<(AnnotatedTag Tag, TagRecord Record)> tags, List<string> skipped)
    {
        var version = SemanticVersion.Parse(versionText);
        var path = project.GenerationFile(version);
        if (!File.Exists(path))
        {
            skipped.Add($"{versionText}: tagged ({tags[0].Tag.Name}) but {project.Shown(path)} is not in this clone");
            return null;
        }

        ContractDefinition contract;
        try
        {
            contract = ContractFile.Load(path, project.Shown(path), version);
        }
        catch (GrytException ex)
        {
            skipped.Add($"{versionText}: {ex.Message}");
            return null;
        }

        // A tag counts only when its name is what the record says in this contract's naming: a tag copied or renamed by hand does not.
        string? format = null;
        AnnotatedTag? release = null;
        TagRecord? releaseRecord = null;
        var evolutions = new List<(AnnotatedTag, TagRecord)>();
        foreach (var (tag, record) in tags.OrderBy(t => t.Record.Rc ?? int.MaxValue).ThenBy(t => t.Tag.Name, StringComparer.Ordinal))
        {
            if (FormatOf(tag.Name, contract.TagPrefix, version, record) is not { } tagFormat) continue;
            format ??= tagFormat;
            if (record.Kind != TagRecord.ReleaseKind)
            {
                if (evolutions.All(e => e.Item2.Rc != record.Rc)) evolutions.Add((tag, record));
            }
            else if (release is null)
            {
                // The release tag's naming wins: it is what the release is known by.
                (release, releaseRecord, format) = (tag, record, tagFormat);
            }
        }

        if (format is null) return null;
        return new Plan(contract, format, release, releaseRecord, evolutions);
    }

    /// <summary>The <c>tag_format</c> under which <paramref name="tag"/> names the record's version (and rc number); null when none does.</summary>
    private static string? FormatOf(string tag, string prefix, SemanticVersion version, TagRecord record)
    {
        var isRelease = record.Kind == TagRecord.ReleaseKind;
        if (!isRelease && record.Rc is not > 0) return null;
        return TagFormat.Naming(tag, prefix, version, isRelease ? null : record.Rc)?.Template;
    }

    private ImportedGeneration Write(Microsoft.Data.Sqlite.SqliteTransaction transaction, Plan plan)
    {
        var contract = plan.Contract;
        var first = plan.Release ?? plan.Evolutions[0].Tag;
        var generationId = Ids.FromTag(first.Name, first.ObjectId);
        var times = plan.Evolutions.Select(e => e.Record.At).Append(plan.ReleaseRecord?.At).OfType<DateTimeOffset>().ToList();
        var created = times.Count > 0 ? times.Min() : context.Now;
        var by = (plan.ReleaseRecord ?? plan.Evolutions[0].Record).By ?? context.Actor;
        _generations.Insert(transaction, generationId, contract.ToStoredHeader(plan.TagFormat), created, by);
        for (var i = 0; i < contract.Changes.Count; i++) _generations.UpsertChange(transaction, generationId, contract.Changes[i].ToStored(), i);

        var declared = contract.Changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var evolutions = new EvolutionStore(database);
        foreach (var (tag, record) in plan.Evolutions)
        {
            var at = record.At ?? created;
            evolutions.InsertImported(transaction, new StoredEvolution(
                Ids.FromTag(tag.Name, tag.ObjectId), generationId, contract.Version, record.Rc!.Value, tag.Name, RunStatus.Pass,
                record.Changes.Where(declared.Contains).Distinct(StringComparer.Ordinal).ToList(), record.Pipeline, null, record.Commit ?? tag.Commit, at, at, null),
                record.By ?? by);
        }

        var status = GenerationStatus.Draft;
        if (plan.Release is { } release)
        {
            new PromotionStore(database).MarkPromoted(transaction, generationId, plan.ReleaseRecord!.At ?? created, plan.ReleaseRecord.By ?? by, release.Commit);
            status = GenerationStatus.Promoted;
        }

        _generations.MarkImported(transaction, generationId, first.Name);
        var rcTags = plan.Evolutions.Select(e => e.Tag.Name).ToList();
        AuditLog.Append(database, transaction, context, "generation.imported", "generation", generationId, "import",
            new Dictionary<string, object?>
            {
                ["version"] = contract.Version, ["status"] = status.ToWord(), ["source"] = "git",
                ["release_tag"] = plan.Release?.Name, ["rc_tags"] = rcTags, ["file_sha256"] = contract.Sha256,
            });
        return new ImportedGeneration(contract.Version, status, plan.Release?.Name, rcTags);
    }
}
