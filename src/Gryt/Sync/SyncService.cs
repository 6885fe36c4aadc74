using System.Text;
using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Project;
using Gryt.Storage;
using Gryt.Sync.Wire;

namespace Gryt.Sync;

/// <summary>What one contract push did: <c>created</c>, <c>updated</c>, <c>unchanged</c> or <c>conflict</c>.</summary>
internal sealed record ContractPushResult(string Version, string Outcome, int? Revision, string? Message);

/// <summary>What <c>gryt sync push</c> did.</summary>
internal sealed record PushResult(
    string Server, string Project, IReadOnlyList<ContractPushResult> Contracts,
    int RecordsCreated, int RecordsExisting, int RecordsUpdated, int RecordsUnchanged,
    IReadOnlyList<string> Refused)
{
    /// <summary>Artifacts (with their digests) the server holds after this push.</summary>
    public int ArtifactsPushed { get; init; }

    /// <summary>Artifacts a server that predates them did not keep: offered again by the next push.</summary>
    public int ArtifactsNotKept { get; init; }

    public IReadOnlyList<string> Conflicts => [.. Contracts.Where(c => c.Outcome == "conflict").Select(c => c.Message!), .. Refused];
}

/// <summary>What <c>gryt sync pull</c> did.</summary>
internal sealed record PullResult(
    string Server, string Project, long Cursor, int Items, IReadOnlyList<string> ContractsWritten,
    int RecordsApplied, IReadOnlyList<string> Promotions, IReadOnlyList<string> Notes);

/// <summary>One generation in <c>gryt sync status</c>.</summary>
internal sealed record GenerationSyncStatus(
    string Version, string State, int? LocalRevision, int? SyncedRevision, int? ServerRevision, int UnpushedRecords, int PendingServerItems);

internal sealed record StatusResult(string Server, string Project, string Mode, long Cursor, bool MorePending, IReadOnlyList<GenerationSyncStatus> Generations);

/// <summary>
/// The <c>gryt sync</c> use cases: push, pull and status against the server configured in
/// <c>.gryt/config.yaml</c> (docs/sync.md). Nothing is half-applied locally: a pulled page is one
/// transaction with its cursor, and contract files are written only when that transaction commits.
/// </summary>
internal sealed class SyncService(GrytProject project, GrytDatabase database, GrytContext context, Func<string, string?> variable)
{
    /// <summary>Records a request carries at most (docs/sync.md).</summary>
    public const int BatchSize = 1000;

    /// <summary>Feed items asked for a page.</summary>
    public const int PageSize = 500;

    private readonly SyncStore _store = new(database);
    private readonly GenerationStore _generations = new(database);

    /// <summary>With CI=true contract files come from git: pull reports a differing server revision instead of writing it.</summary>
    public bool InCi => string.Equals(variable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public SyncSettings Settings => field ??= ProjectConfig.Load(project).Sync;

    /// <summary>Local mode talks to no server: push, pull and status refuse (exit 2) before anything else.</summary>
    private void RefuseLocal()
    {
        if (Settings.Mode == SyncMode.Local || Settings.Server is null)
        {
            throw new InvalidInputException("sync mode is local: gryt talks to no server", "point it at one: gryt sync config --mode hybrid --server URL --project P");
        }
    }

    /// <summary>A client for the configured server; refused (exit 2) in local mode, exit 5 without a key.</summary>
    public async Task<SyncClient> ConnectAsync(CancellationToken cancellationToken)
    {
        RefuseLocal();
        var settings = Settings;
        if (settings.Server is null) throw new InvalidOperationException("no server");

        var key = new Credentials(variable).KeyFor(settings.Server)
            ?? throw new GrytEnvironmentException($"no key for the sync server {settings.Server}", "log in: gryt sync login (reads the key from stdin), or set GRYT_TOKEN");
        if (settings.Project is { } name) return new SyncClient(settings.Server, name, key);

        // No project configured: the key names the one it belongs to.
        using var probe = new SyncClient(settings.Server, "-", key);
        var who = await probe.WhoAmIAsync(cancellationToken);
        return new SyncClient(settings.Server, who.Project, key);
    }

    /// <summary>Pushes contract files and records; over <paramref name="connected"/> when the caller has a client already (it stays the caller's).</summary>
    public async Task<PushResult> PushAsync(string? version, bool evolutionsOnly, CancellationToken cancellationToken, SyncClient? connected = null)
    {
        RefuseLocal();
        var contracts = new ContractService(project, database, context);
        var files = ContractFiles(version);

        // Files first, all of them: an invalid one stops the push before anything is sent (exit 2).
        var texts = new List<(string Version, byte[] Bytes, string Sha256)>();
        foreach (var (v, path) in files)
        {
            var bytes = File.ReadAllBytes(path);
            ContractFile.Parse(bytes, project.Shown(path), SemanticVersion.Parse(v));
            contracts.EnsureSynced(v);
            texts.Add((v, bytes, ContractFile.Sha256(bytes)));
        }

        using var owned = connected is null ? await ConnectAsync(cancellationToken) : null;
        var client = connected ?? owned!;
        var contractResults = new List<ContractPushResult>();
        if (!evolutionsOnly)
        {
            var states = _store.GenerationStates().ToDictionary(s => s.Version, StringComparer.Ordinal);
            foreach (var (v, bytes, sha) in texts)
            {
                try
                {
                    contractResults.Add(await PushContractAsync(client, v, bytes, sha, states.GetValueOrDefault(v), cancellationToken));
                }
                catch (StaleRevisionException stale)
                {
                    contractResults.Add(new ContractPushResult(v, "conflict", stale.ServerRevision, stale.Message));
                }
            }
        }

        var hashes = _store.RecordHashes();
        var all = SyncRecords.Read(database, version, evolutionsOnly);
        var records = all.Where(r => !hashes.TryGetValue((r.Kind, r.Id), out var sent) || sent != r.Sha256).ToList();
        var unchanged = all.Count - records.Count;
        int created = 0, existing = 0, updated = 0;
        var refused = new List<string>();
        foreach (var chunk in records.Chunk(BatchSize))
        {
            var batch = chunk.ToList();
            while (batch.Count > 0)
            {
                try
                {
                    var answer = await client.PushRecordsAsync(batch, cancellationToken);
                    foreach (var result in answer.Results)
                    {
                        if (result.Status == "created") created++;
                        else if (result.Status == "updated") updated++;
                        else existing++;
                    }

                    database.WriteTransaction(t =>
                    {
                        foreach (var record in batch) _store.SetRecordHash(t, record.Kind, record.Id, record.Sha256);
                    });
                    break;
                }
                catch (RecordRefusedException refusal) when (batch.Any(r => r.Id == refusal.Id))
                {
                    // A request is one transaction on the server: the refused record leaves, the rest goes again.
                    var record = batch.First(r => r.Id == refusal.Id);
                    batch.Remove(record);
                    refused.Add(Describe(record, refusal));
                }
            }
        }

        var (pushed, notKept, artifacts) = await PushArtifactsAsync(client, all, hashes, refused, cancellationToken);

        // Nothing was sent: still ask the server, so that "nothing to push" is never said with a revoked key or no server.
        if (records.Count == 0 && artifacts == 0 && contractResults.All(c => c.Outcome == "unchanged")) await client.WhoAmIAsync(cancellationToken);
        return new PushResult(client.Server, client.Project, contractResults, created, existing, updated, unchanged, refused)
        {
            ArtifactsPushed = pushed,
            ArtifactsNotKept = notKept,
        };
    }

    /// <summary>
    /// The artifacts of the pushed runs, with their digests, not yet kept by the server. Each request carries the artifacts'
    /// run records too (already pushed: answered "exists"): the server stores an artifact only beside its run, and a server
    /// that predates artifacts, refusing a request without records, answers these while it skips the field. Its answer then
    /// names no count, and the artifacts stay unmarked, to be offered again (to it, upgraded, or to another).
    /// </summary>
    private async Task<(int Pushed, int NotKept, int Sent)> PushArtifactsAsync(
        SyncClient client, List<WireRecord> all, Dictionary<(string Kind, string Id), string> hashes, List<string> refused, CancellationToken cancellationToken)
    {
        var runs = all.Where(r => r.Kind == RecordKinds.Run).ToDictionary(r => r.Id, StringComparer.Ordinal);
        var pending = _store.Artifacts().Where(a => runs.ContainsKey(a.RunId)).Select(SyncRecords.ToWire)
            .Where(a => !hashes.TryGetValue(("artifact", a.DataRowId), out var sent) || sent != SyncRecords.Hash(a)).ToList();
        int pushed = 0, notKept = 0;
        foreach (var chunk in pending.Chunk(BatchSize))
        {
            var batch = chunk.ToList();
            while (batch.Count > 0)
            {
                var carriers = batch.Select(a => a.RunId).Distinct(StringComparer.Ordinal).Select(id => runs[id]).ToList();
                try
                {
                    var answer = await client.PushRecordsAsync(carriers, cancellationToken, batch);
                    if (answer.Artifacts is null)
                    {
                        notKept += batch.Count;
                        break;
                    }

                    pushed += batch.Count;
                    database.WriteTransaction(t =>
                    {
                        foreach (var a in batch) _store.SetRecordHash(t, "artifact", a.DataRowId, SyncRecords.Hash(a));
                    });
                    break;
                }
                catch (RecordRefusedException refusal) when (batch.Any(a => a.DataRowId == refusal.Id || a.RunId == refusal.Id))
                {
                    // A refused run takes its artifacts with it (the run's refusal is reported once); a refused artifact leaves alone.
                    if (batch.FirstOrDefault(a => a.DataRowId == refusal.Id) is { } artifact)
                    {
                        batch.Remove(artifact);
                        refused.Add($"artifact {artifact.DataRowId} ({artifact.Path}): " + (refusal.Code == ErrorCodes.HashMismatch ? "the server has other content under this id" : refusal.Message));
                    }
                    else
                    {
                        batch.RemoveAll(a => a.RunId == refusal.Id);
                        var described = Describe(runs[refusal.Id], refusal);
                        if (!refused.Contains(described)) refused.Add(described);
                    }
                }
            }
        }

        return (pushed, notKept, pending.Count);
    }

    /// <summary>Pushes one contract file unless the server already has it; a stale base is <see cref="StaleRevisionException"/>.</summary>
    internal async Task<ContractPushResult> PushContractAsync(SyncClient client, string version, CancellationToken cancellationToken)
    {
        var path = project.GenerationFile(SemanticVersion.Parse(version));
        var bytes = File.ReadAllBytes(path);
        var state = _store.GenerationStates().FirstOrDefault(s => s.Version == version);
        return await PushContractAsync(client, version, bytes, ContractFile.Sha256(bytes), state, cancellationToken);
    }

    private async Task<ContractPushResult> PushContractAsync(SyncClient client, string version, byte[] bytes, string sha, SyncGenerationState? state, CancellationToken cancellationToken)
    {
        if (state is { ServerRevision: { } known, SyncedSha256: { } synced } && synced == sha)
        {
            return new ContractPushResult(version, "unchanged", known, null);
        }

        var answer = await client.PutContractAsync(version, new PutContractRequest(state?.ServerRevision ?? 0, Encoding.UTF8.GetString(bytes)), cancellationToken);
        database.WriteTransaction(t => _store.SetGenerationState(t, version, answer.Revision, sha, context.Now, pushed: true));
        return new ContractPushResult(version, state?.ServerRevision is null ? "created" : "updated", answer.Revision, null);
    }

    public async Task<PullResult> PullAsync(CancellationToken cancellationToken)
    {
        RefuseLocal();
        // Records name generations by version: the committed contract files are in the database first (a fresh CI checkout has none).
        var contracts = new ContractService(project, database, context);
        foreach (var (v, _) in ContractFiles(null)) contracts.EnsureSynced(v);

        using var client = await ConnectAsync(cancellationToken);
        var cursor = _store.Cursor(client.Server, client.Project) ?? 0;
        var written = new List<string>();
        var promotions = new List<string>();
        var notes = new List<string>();
        int items = 0, applied = 0;
        while (true)
        {
            var page = await client.ChangesAsync(cursor, PageSize, cancellationToken);
            var outcome = ApplyPage(client, page, notes);
            items += page.Items.Count;
            applied += outcome.Records;
            written.AddRange(outcome.Written);
            promotions.AddRange(outcome.Promotions);
            cursor = page.NextSince;
            if (!page.More || page.Items.Count == 0) break;
        }

        return new PullResult(client.Server, client.Project, cursor, items, written.Distinct(StringComparer.Ordinal).ToList(), applied, promotions, notes);
    }

    public async Task<StatusResult> StatusAsync(string? version, CancellationToken cancellationToken)
    {
        RefuseLocal();
        if (version is not null) version = SemanticVersion.Parse(version).ToString();
        using var client = await ConnectAsync(cancellationToken);
        var server = (await client.ContractsAsync(cancellationToken)).ToDictionary(c => c.Version, StringComparer.Ordinal);
        var states = _store.GenerationStates().ToDictionary(s => s.Version, StringComparer.Ordinal);
        var local = new ContractService(project, database, context).List().ToDictionary(g => g.Generation.Version, g => g.Generation, StringComparer.Ordinal);
        var files = ContractFiles(null).ToDictionary(f => f.Version, f => f.Path, StringComparer.Ordinal);

        var cursor = _store.Cursor(client.Server, client.Project) ?? 0;
        // The whole feed past the cursor, page by page as pull reads it: counts per generation are complete.
        var pending = new List<FeedItem>();
        for (var since = cursor; ;)
        {
            var page = await client.ChangesAsync(since, PageSize, cancellationToken);
            pending.AddRange(page.Items);
            since = page.NextSince;
            if (!page.More || page.Items.Count == 0) break;
        }

        var hashes = _store.RecordHashes();

        // What this clone pushed itself comes back in the feed too: only what it does not have counts.
        var pendingByVersion = pending.Where(i => !Known(i, hashes, states)).Select(VersionOf).Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var unpushed = SyncRecords.Read(database, null, false)
            .Where(r => r.Kind is RecordKinds.Evolution or RecordKinds.DataRow && (!hashes.TryGetValue((r.Kind, r.Id), out var sent) || sent != r.Sha256))
            .Select(r => GenerationOf(r.Content))
            .Where(v => v is not null).GroupBy(v => v!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        var versions = local.Keys.Union(files.Keys).Union(server.Keys).Where(v => version is null || v == version)
            .OrderBy(v => SemanticVersion.TryParse(v, out var sv) ? sv.SortKey : v, StringComparer.Ordinal).ToList();
        if (version is not null && versions.Count == 0) throw new NotFoundException($"generation {version} is neither here nor on the server");

        var rows = new List<GenerationSyncStatus>();
        foreach (var v in versions)
        {
            var onServer = server.GetValueOrDefault(v);
            var state = states.GetValueOrDefault(v);
            var localHash = files.TryGetValue(v, out var path) ? ContractFile.Sha256(File.ReadAllBytes(path)) : null;
            var records = unpushed.GetValueOrDefault(v);
            var serverItems = pendingByVersion.GetValueOrDefault(v);
            string word;
            if (onServer is null) word = local.ContainsKey(v) || localHash is not null ? "local only" : "synced";
            else if (localHash is null && !local.ContainsKey(v)) word = "behind";
            else
            {
                var localEdited = localHash is not null && localHash != (state?.SyncedSha256 ?? onServer.Sha256);
                var serverChanged = state?.ServerRevision is { } seen ? seen != onServer.Revision : localHash != onServer.Sha256;
                if (localHash == onServer.Sha256) localEdited = serverChanged = false;
                word = (localEdited, serverChanged) switch
                {
                    (true, true) => "conflict",
                    (true, false) => "ahead",
                    (false, true) => "behind",
                    _ => records > 0 ? "ahead" : serverItems > 0 ? "behind" : "synced",
                };
            }

            rows.Add(new GenerationSyncStatus(v, word, local.GetValueOrDefault(v)?.Revision, state?.ServerRevision, onServer?.Revision, records, serverItems));
        }

        return new StatusResult(client.Server, client.Project, SyncSettings.Word(Settings.Mode), cursor, pending.Count > 0, rows);
    }

    private static bool Known(FeedItem item, Dictionary<(string Kind, string Id), string> hashes, Dictionary<string, SyncGenerationState> states) => item.Kind switch
    {
        FeedKinds.Generation => states.TryGetValue(item.Id, out var state) && item.Content.TryGetProperty("revision", out var revision)
            && state.ServerRevision >= revision.GetInt32(),
        FeedKinds.Promotion or FeedKinds.Approval => false,
        _ => hashes.TryGetValue((item.Kind, item.Id), out var sha) && sha == item.Sha256,
    };

    private static string? VersionOf(FeedItem item) => item.Kind switch
    {
        FeedKinds.Generation => item.Id,
        FeedKinds.Promotion or FeedKinds.Approval => item.Content.TryGetProperty("version", out var v) ? v.GetString() : null,
        RecordKinds.Evolution or RecordKinds.DataRow => GenerationOf(item.Content),
        _ => null,
    };

    /// <summary>The version an evolution or data-row record names in its <c>generation</c> property, if any.</summary>
    private static string? GenerationOf(System.Text.Json.JsonElement content) =>
        content.TryGetProperty("generation", out var g) && g.ValueKind == System.Text.Json.JsonValueKind.String ? g.GetString() : null;

    private sealed record PageOutcome(int Records, List<string> Written, List<string> Promotions);

    /// <summary>Applies one feed page and stores its cursor, in one transaction; contract files are replaced only as it commits.</summary>
    private PageOutcome ApplyPage(SyncClient client, FeedPage page, List<string> notes)
    {
        var json = SyncJsonContext.Default;
        var contracts = new ContractService(project, database, context);

        // Contracts: the newest of each version in this page decides; checked before anything is written.
        var latest = new Dictionary<string, ContractWire>(StringComparer.Ordinal);
        foreach (var item in page.Items.Where(i => i.Kind == FeedKinds.Generation))
        {
            var contract = SyncRecords.Deserialize(item.Content, json.ContractWire);
            latest[contract.Version] = contract;
        }

        var states = _store.GenerationStates().ToDictionary(s => s.Version, StringComparer.Ordinal);
        var toWrite = new List<(ContractWire Contract, string Path, byte[] Bytes)>();
        foreach (var contract in latest.Values)
        {
            var version = SemanticVersion.Parse(contract.Version);
            var path = project.GenerationFile(version);
            var bytes = Encoding.UTF8.GetBytes(contract.Yaml);
            var current = File.Exists(path) ? ContractFile.Sha256(File.ReadAllBytes(path)) : null;
            if (current == contract.Sha256) continue;
            var synced = states.GetValueOrDefault(contract.Version)?.SyncedSha256;
            if (InCi)
            {
                notes.Add($"{contract.Version}: the server's revision {contract.Revision} differs from the committed {project.Shown(path)}; not written (CI=true: contracts come from git)");
                continue;
            }

            if (current is not null && current != synced)
            {
                throw new ConflictException(
                    $"pull refused: {project.Shown(path)} has local edits that were never pushed, and the server has revision {contract.Revision} by {contract.UpdatedBy}",
                    $"push them first (gryt sync push --version {contract.Version}), or drop them (git checkout -- {project.Shown(path)}) and pull again");
            }

            toWrite.Add((contract, path, bytes));
        }

        var temporaries = new List<(string Temporary, string Path)>();
        var records = 0;
        var promotions = new List<string>();
        try
        {
            foreach (var (_, path, bytes) in toWrite)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.pull");
                File.WriteAllBytes(temporary, bytes);
                temporaries.Add((temporary, path));
            }

            database.WriteTransaction(transaction =>
            {
                _store.DeferForeignKeys(transaction);
                foreach (var (contract, path, bytes) in toWrite)
                {
                    var definition = ContractFile.Parse(bytes, project.Shown(path) + " (revision " + contract.Revision + " from the server)", SemanticVersion.Parse(contract.Version));
                    contracts.Apply(transaction, definition, path);
                    _store.SetGenerationState(transaction, contract.Version, contract.Revision, contract.Sha256, context.Now, pushed: false);
                }

                foreach (var contract in latest.Values.Where(c => !toWrite.Any(w => w.Contract == c) && !InCi))
                {
                    // Already equal to the local file: only the revision is new.
                    _store.SetGenerationState(transaction, contract.Version, contract.Revision, contract.Sha256, context.Now, pushed: false);
                }

                foreach (var item in page.Items)
                {
                    if (ApplyItem(transaction, item, promotions, notes)) records++;
                }

                _store.SetCursor(transaction, client.Server, client.Project, page.NextSince);
                if (toWrite.Count > 0)
                {
                    AuditLog.Append(database, transaction, context, "sync.pulled", "sync", client.Project, "pull",
                        new Dictionary<string, object?> { ["server"] = client.Server, ["contracts"] = toWrite.Select(w => w.Contract.Version + "@" + w.Contract.Revision).ToArray() });
                }

                // Last, so that a failure above leaves every file as it was; the commit follows at once.
                foreach (var (temporary, path) in temporaries) File.Move(temporary, path, overwrite: true);
                temporaries.Clear();
            });
        }
        finally
        {
            foreach (var (temporary, _) in temporaries) File.Delete(temporary);
        }

        return new PageOutcome(records, [.. toWrite.Select(w => w.Contract.Version)], promotions);
    }

    private bool ApplyItem(Microsoft.Data.Sqlite.SqliteTransaction transaction, FeedItem item, List<string> promotions, List<string> notes)
    {
        switch (item.Kind)
        {
            case RecordKinds.Evolution:
            {
                var e = SyncRecords.Evolution(item.Content);
                if (_generations.Find(e.Version) is null)
                {
                    notes.Add($"evolution {e.Tag} skipped: generation {e.Version} is not here (pull its contract, or commit its file)");
                    return false;
                }

                if (!MayApply(transaction, RecordKinds.Evolution, e.EvolutionId, e.Status)) break;
                _store.DropImported(transaction, e.Version, e.RcNumber);
                if (_store.RcHolder(transaction, e.Version, e.RcNumber, e.EvolutionId) is { } holder)
                {
                    throw new ConflictException(
                        $"pull refused: the server's evolution {e.EvolutionId} holds {e.Tag}, which local evolution {holder} holds too",
                        "the local one was numbered offline; it cannot be pushed either (rc_taken): start the proof again while the server answers");
                }

                _store.UpsertEvolution(transaction, e);
                break;
            }

            case RecordKinds.Run:
            {
                var r = SyncRecords.Run(item.Content);
                if (!MayApply(transaction, RecordKinds.Run, r.RunId, r.Status)) break;
                _store.UpsertRun(transaction, r);
                break;
            }

            case RecordKinds.StepRun:
            {
                var s = SyncRecords.StepRun(item.Content);
                if (!MayApply(transaction, RecordKinds.StepRun, s.StepRunId, s.Status)) break;
                _store.UpsertStepRun(transaction, s);
                break;
            }

            case RecordKinds.DataRow:
                _store.InsertDataRow(transaction, SyncRecords.DataRow(item.Content));
                break;
            case RecordKinds.AuditEvent:
            {
                var a = SyncRecords.AuditEvent(item.Content);
                if (!_store.IsOwnAuditEvent(transaction, a.EventId)) _store.InsertRemoteAuditEvent(transaction, a);
                break;
            }

            case FeedKinds.Promotion:
            {
                var p = SyncRecords.Deserialize(item.Content, SyncJsonContext.Default.PromotionContent);
                if (_generations.Find(p.Version) is { } generation
                    && _store.MarkPromoted(transaction, p.Version, p.PromotedAt, p.PromotedBy, p.CommitSha))
                {
                    // A state change like any other: the local chain says the server promoted it, and whom it authorised.
                    AuditLog.Append(database, transaction, context, PromotionAudit.Event, "generation", generation.GenerationId, "promote",
                        new Dictionary<string, object?>
                        {
                            ["version"] = p.Version, ["tag"] = p.Tag, ["commit"] = p.CommitSha, ["pulled"] = true,
                            [PromotionAudit.AuthorisedByServer] = p.PromotedBy,
                        });
                    promotions.Add($"{p.Version} promoted by {p.PromotedBy} at {p.PromotedAt} ({p.Tag})");
                }

                return false;
            }

            case FeedKinds.Approval:
            {
                var a = SyncRecords.Deserialize(item.Content, SyncJsonContext.Default.ApprovalContent);
                new ApprovalStore(database).InsertPulled(transaction, item.Id, a.Version, a.Revision, a.ApprovedBy, a.ApprovedAt);
                return false;
            }

            default:
                return false;
        }

        _store.SetRecordHash(transaction, item.Kind, item.Id, item.Sha256);
        return true;
    }

    /// <summary>A pulled record is applied when it is new here, or a later step of an open local record's lifecycle.</summary>
    private bool MayApply(Microsoft.Data.Sqlite.SqliteTransaction transaction, string kind, string id, string status)
    {
        var local = _store.LocalStatus(transaction, kind, id);
        return local is null || (local != status && RecordStatuses.MayMove(local, status));
    }

    private List<(string Version, string Path)> ContractFiles(string? version)
    {
        if (version is not null)
        {
            var parsed = SemanticVersion.Parse(version);
            var path = project.GenerationFile(parsed);
            if (!File.Exists(path)) throw new NotFoundException($"{project.Shown(path)} does not exist", $"create it with: gryt generation new {parsed}");
            return [(parsed.ToString(), path)];
        }

        if (!Directory.Exists(project.GenerationsFolder)) return [];
        return [.. Directory.EnumerateFiles(project.GenerationsFolder, "*.yaml")
            .Select(p => (Name: Path.GetFileNameWithoutExtension(p), Path: p))
            .Where(f => SemanticVersion.TryParse(f.Name, out _))
            .OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    private static string Describe(WireRecord record, RecordRefusedException refusal) => refusal.Code switch
    {
        ErrorCodes.RcTaken when record.Content.TryGetProperty("tag", out var tag) =>
            $"evolution {record.Id} ({tag.GetString()}): the server gave that rc number to evolution {refusal.OtherEvolution ?? "?"}",
        ErrorCodes.HashMismatch => $"{record.Kind} {record.Id}: the server has other content under this id",
        _ => refusal.Message,
    };
}
