using Gryt.Audit;
using Gryt.Project;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Contracts;

/// <summary>What syncing a generation file into the database did.</summary>
internal sealed record SyncResult(
    Generation Generation,
    bool Created,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Edited,
    IReadOnlyList<string> Removed,
    string FilePath,
    bool HeaderChanged = false)
{
    /// <summary>Whether the sync changed the contract (and so bumped its revision).</summary>
    public bool ChangedAnything => Created || HeaderChanged || Added.Count + Edited.Count + Removed.Count > 0;
}

/// <summary>
/// Release contracts: creating generations, syncing their YAML files into the database, and
/// reading them back with each change's proof state.
/// </summary>
internal sealed class ContractService(GrytProject project, GrytDatabase database, GrytContext context)
{
    private readonly GenerationStore _store = new(database);

    /// <summary>Creates the database row and the file of a new generation with no changes.</summary>
    public (Generation Generation, string FilePath) Create(string versionText, string? description)
    {
        var version = SemanticVersion.Parse(versionText);
        if (description is not null && (description.Contains('\n') || description.Contains('\r')))
        {
            throw new InvalidInputException("the description must be one line");
        }

        if (description is not null && DisplayText.FirstUnsafe(description) is { } bad)
        {
            throw new InvalidInputException($"the description contains a control character ({bad})");
        }

        var path = project.GenerationFile(version);
        var bytes = System.Text.Encoding.UTF8.GetBytes(ContractFile.NewFileText(version, description));
        var contract = ContractFile.Parse(bytes, project.Shown(path), version);
        Directory.CreateDirectory(project.GenerationsFolder);

        var wroteFile = false;
        Gryt.Generation generation;
        try
        {
            generation = database.WriteTransaction(transaction =>
            {
                if (_store.Find(contract.Version) is not null)
                {
                    throw new ConflictException($"generation {version} already exists", $"see it with: gryt generation show {version}");
                }

                var generationId = Ids.New(context.Now);
                _store.Insert(transaction, generationId, contract.ToStoredHeader(ProjectConfig.Load(project).TagFormat), context.Now, context.Actor);
                AuditLog.Append(database, transaction, context, "generation.created", "generation", generationId, "create",
                    new Dictionary<string, object?> { ["version"] = contract.Version, ["description"] = description });

                // CreateNew fails if the file exists, so an existing contract is never overwritten;
                // the transaction is rolled back with it.
                FileStream file;
                try
                {
                    file = new FileStream(path, FileMode.CreateNew, FileAccess.Write);
                }
                catch (IOException) when (File.Exists(path))
                {
                    throw new ConflictException(
                        $"{project.Shown(path)} already exists but generation {version} is not in the database",
                        $"load it with: gryt generation update {version}");
                }

                // A failed write (disk full) is not a conflict: it propagates, and the file is removed below.
                using (file)
                {
                    wroteFile = true;
                    file.Write(bytes);
                }

                return _store.Find(contract.Version)!.ToGeneration();
            });
        }
        catch when (wroteFile)
        {
            // The commit failed after the file was written: keep the file and the database in step.
            File.Delete(path);
            throw;
        }

        return (generation, path);
    }

    /// <summary>Syncs the generation file into the database (adds, edits and removes changes).</summary>
    public SyncResult Sync(string versionText)
    {
        var version = SemanticVersion.Parse(versionText);
        var path = project.GenerationFile(version);
        if (!File.Exists(path))
        {
            // `generation new` would refuse a version the database has: point at the file instead.
            if (_store.Find(version.ToString()) is null) throw NotFound(version);
            throw new NotFoundException(
                $"{project.Shown(path)} does not exist, though generation {version} is recorded",
                $"restore the file (git checkout -- {project.Shown(path)}) or write it again; gryt generation show {version} lists its changes");
        }

        var contract = ContractFile.Load(path, project.Shown(path), version);
        return Apply(contract, path);
    }

    /// <summary>
    /// Syncs the file first when it was edited since the last sync (or is not in the database
    /// yet). Returns what was synced, or null when the database was already current.
    /// </summary>
    public SyncResult? EnsureSynced(string versionText)
    {
        var version = SemanticVersion.Parse(versionText);
        var path = project.GenerationFile(version);
        var stored = _store.Find(version.ToString())?.ToGeneration();
        if (!File.Exists(path))
        {
            if (stored is null) throw NotFound(version);
            return null;
        }

        var bytes = File.ReadAllBytes(path);
        if (stored is not null && (stored.Status != GenerationStatus.Draft
            || (_store.FileHash(stored.GenerationId) == ContractFile.Sha256(bytes) && stored.TagFormatTemplate == ProjectConfig.Load(project).TagFormat)))
        {
            return null;
        }

        return Apply(ContractFile.Parse(bytes, project.Shown(path), version), path);
    }

    /// <summary>
    /// Marks a draft that will never ship abandoned, with an audit event (the reason, if given, is kept there);
    /// its file stays, and it can no longer be synced, evolved or promoted.
    /// </summary>
    public Gryt.Generation Abandon(string versionText, string? reason)
    {
        var why = OneLineReason(reason);
        var generation = Show(versionText).Generation;
        if (generation.Status != GenerationStatus.Draft)
        {
            throw new ConflictException($"generation {generation.Version} is {generation.Status.ToWord()}; only a draft can be abandoned",
                generation.Status == GenerationStatus.Promoted ? $"to withdraw a release, revoke it: gryt generation revoke {generation.Version} --reason \"…\"" : null);
        }

        database.WriteTransaction(transaction =>
        {
            if (!_store.MarkAbandoned(transaction, generation.GenerationId, context.Now))
            {
                throw new ConflictException($"generation {generation.Version} was changed by another process meanwhile");
            }

            AuditLog.Append(database, transaction, context, "generation.abandoned", "generation", generation.GenerationId, "abandon",
                new Dictionary<string, object?> { ["version"] = generation.Version, ["reason"] = why });
        });
        return Show(versionText).Generation;
    }

    /// <summary>A reason as records keep it: trimmed, one line, no control characters; null when empty.</summary>
    internal static string? OneLineReason(string? reason)
    {
        var why = reason?.Trim() ?? "";
        if (why.Length == 0) return null;
        if (DisplayText.FirstUnsafe(why) is not null || why.Length > ContractFile.MaxTitleLength)
        {
            throw new InvalidInputException($"the reason must be one line of at most {ContractFile.MaxTitleLength} characters without control characters");
        }

        return why;
    }

    public IReadOnlyList<GenerationSummary> List() => [.. Summaries()];

    /// <summary>As <see cref="List"/>, read as they are enumerated (a long list is never held whole).</summary>
    public IEnumerable<GenerationSummary> Summaries() =>
        // Ordered by SemVer precedence in SQL (generations.version_key).
        _store.List().Select(s => s.ToSummary());

    /// <summary>The generations as table rows, in SemVer order, read as they are enumerated.</summary>
    public IEnumerable<GenerationRow> Rows() => _store.Rows().Select(r => r.ToListing());

    /// <summary><see cref="Rows"/> read at once as stored UTF-8, for a plain table (see <see cref="GenerationStore.ListingRows"/>).</summary>
    public StoredListingRows StoredRows() => _store.ListingRows();

    public GenerationDetails Show(string versionText)
    {
        var version = SemanticVersion.Parse(versionText);
        var generation = _store.Find(version.ToString())?.ToGeneration() ?? throw NotFound(version);
        return new GenerationDetails(generation, [.. _store.Changes(generation.GenerationId).Select(c => c.ToChange())], project.GenerationFile(version));
    }

    /// <summary>Whether the file differs from a promoted (frozen) contract.</summary>
    public bool FileDiffersFromFrozen(Generation generation)
    {
        if (generation.Status == GenerationStatus.Draft) return false;
        var path = project.GenerationFile(SemanticVersion.Parse(generation.Version));
        return File.Exists(path) && _store.FileHash(generation.GenerationId) != ContractFile.Sha256(File.ReadAllBytes(path));
    }

    private SyncResult Apply(ContractDefinition contract, string path) => database.WriteTransaction(transaction => Apply(transaction, contract, path));

    /// <summary>Syncs a parsed contract into the database within <paramref name="transaction"/> (sync pull applies a page in one).</summary>
    internal SyncResult Apply(SqliteTransaction transaction, ContractDefinition contract, string path)
    {
        var existing = _store.Find(contract.Version)?.ToGeneration();
        if (existing is null)
        {
            var generationId = Ids.New(context.Now);
            _store.Insert(transaction, generationId, contract.ToStoredHeader(ProjectConfig.Load(project).TagFormat), context.Now, context.Actor);
            for (var i = 0; i < contract.Changes.Count; i++) _store.UpsertChange(transaction, generationId, contract.Changes[i].ToStored(), i);
            AuditLog.Append(database, transaction, context, "generation.created", "generation", generationId, "sync",
                new Dictionary<string, object?> { ["version"] = contract.Version, ["changes"] = contract.Changes.Select(c => c.Id).ToArray(), ["file_sha256"] = contract.Sha256 });
            return new SyncResult(_store.Find(contract.Version)!.ToGeneration(), true, contract.Changes.Select(c => c.Id).ToList(), [], [], path);
        }

        if (existing.Status != GenerationStatus.Draft)
        {
            throw new ConflictException(
                $"generation {existing.Version} is {existing.Status.ToWord()}; its contract is frozen and cannot be synced",
                existing.Status == GenerationStatus.Promoted ? "start a new generation, or a hotfix with: gryt audit hotfix " + existing.Version : null);
        }

        var stored = _store.StoredChanges(transaction, existing.GenerationId)
            .ToDictionary(kv => kv.Key, kv => (Change: kv.Value.Change.ToDefinition(), kv.Value.Position), StringComparer.Ordinal);
        var wanted = contract.Changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
        var removed = stored.Keys.Where(id => !wanted.Contains(id)).OrderBy(id => stored[id].Position).ToList();
        foreach (var id in removed)
        {
            var evolutions = _store.EvolutionCount(transaction, existing.GenerationId, id);
            if (evolutions > 0)
            {
                throw new ConflictException(
                    $"change {id} cannot be removed from {existing.Version}: {Counted.Of(evolutions, "evolution")} include it",
                    "put it back in the file; an evolution's record is never rewritten");
            }

            _store.DeleteChange(transaction, existing.GenerationId, id);
        }

        var added = new List<string>();
        var edited = new List<string>();
        for (var i = 0; i < contract.Changes.Count; i++)
        {
            var change = contract.Changes[i];
            if (!stored.TryGetValue(change.Id, out var before)) added.Add(change.Id);
            else if (before.Change != change) edited.Add(change.Id);
            else if (before.Position == i) continue;
            _store.UpsertChange(transaction, existing.GenerationId, change.ToStored(), i);
        }

        var tagFormat = ProjectConfig.Load(project).TagFormat;
        var headerChanged = existing.Description != contract.Description || existing.PipelineTemplate != contract.PipelineTemplate || existing.TagPrefix != contract.TagPrefix
            || existing.TagFormatTemplate != tagFormat;
        var changed = headerChanged || added.Count + edited.Count + removed.Count > 0;
        _store.UpdateHeader(transaction, existing.GenerationId, contract.ToStoredHeader(tagFormat), changed, context.Now);
        if (changed)
        {
            AuditLog.Append(database, transaction, context, "generation.updated", "generation", existing.GenerationId, "sync",
                new Dictionary<string, object?>
                {
                    ["version"] = contract.Version, ["added"] = added, ["edited"] = edited, ["removed"] = removed,
                    ["revision"] = existing.Revision + 1, ["file_sha256"] = contract.Sha256,
                });
        }

        return new SyncResult(_store.Find(contract.Version)!.ToGeneration(), false, added, edited, removed, path, headerChanged);
    }

    private static NotFoundException NotFound(SemanticVersion version) =>
        new($"generation {version} not found", $"create it with: gryt generation new {version}");
}
