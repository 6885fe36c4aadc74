using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Gryt.Audit;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Snapshots;

/// <summary>
/// Database snapshots and rollback. A snapshot is an online backup (SQLite backup API) in
/// <c>.gryt/snapshots/ID.db</c>; its metadata lives both in the <c>snapshots</c> table and in a
/// sidecar <c>ID.json</c>, so that after a rollback restored an older database every snapshot is
/// still known (the sidecars are the source of truth; the table is reconciled from them).
/// A rollback never loses anything: it first snapshots the state it replaces.
/// </summary>
internal sealed partial class SnapshotService(GrytProject project, GrytDatabase database, GrytContext context)
{
    private readonly SnapshotStore _store = new(database);

    private string Folder => project.SnapshotsFolder;

    /// <summary>Takes a snapshot and records it (table row, sidecar and audit event).</summary>
    public SnapshotInfo Take(string reason, string? label)
    {
        if (database.IntegrityFailure is { } failure)
        {
            throw new DamagedDatabaseException($"the database {project.Shown(database.Path)} failed its integrity check ({failure}); no snapshot was taken");
        }

        var snapshot = Capture(reason, label);
        CrashPoint.Reach("snapshot.before-record");
        database.WriteTransaction(transaction =>
        {
            _store.Record(transaction, RowOf(snapshot));
            AppendCreated(database, context, transaction, snapshot);
        });
        return snapshot;
    }

    /// <summary>
    /// Every snapshot known from the sidecar files alone, newest first: what <c>list-snapshots</c>
    /// shows when the database cannot be read (the recovery path starts there).
    /// </summary>
    public static IReadOnlyList<SnapshotInfo> ListFromSidecars(GrytProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        RemoveLeftovers(project.SnapshotsFolder);
        return ReadSidecars(project.SnapshotsFolder)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// Releases whose tag exists in git while the database records them as drafts: after a
    /// rollback to a state before their promotion, <c>gryt generation promote V</c> completes the record again.
    /// </summary>
    public IReadOnlyList<(string Version, string Tag)> UnrecordedPromotions(Git.GitClient git)
    {
        ArgumentNullException.ThrowIfNull(git);
        var drafts = _store.DraftReleases();
        if (drafts.Count == 0) return [];
        var tags = git.ListTags("*").ToHashSet(StringComparer.Ordinal);
        return drafts.Where(d => tags.Contains(d.Tag)).ToList();
    }

    /// <summary>Every snapshot, newest first: from the sidecar files, plus any the table knows whose sidecar is gone.
    /// Sidecars the table does not know (taken after the state a rollback restored) are recorded in it.</summary>
    public IReadOnlyList<SnapshotInfo> List()
    {
        RemoveLeftovers(Folder);
        var fromFiles = ReadSidecars(Folder);
        var recorded = _store.RecordedIds();
        var unknown = fromFiles.Where(s => !recorded.Contains(s.SnapshotId)).ToList();
        if (unknown.Count > 0)
        {
            try
            {
                database.WriteTransaction(transaction =>
                {
                    foreach (var snapshot in unknown) _store.Record(transaction, RowOf(snapshot));
                });
            }
            catch (GrytEnvironmentException)
            {
                // Bookkeeping only (a full disk, a database that takes no writes): the sidecars still list them.
            }
        }

        var known = fromFiles.Select(s => s.SnapshotId).ToHashSet(StringComparer.Ordinal);
        var onlyInTable = _store.Recorded().Select(FromRow).Where(s => !known.Contains(s.SnapshotId))
            .Select(s => s with { HasSidecar = false, FileExists = File.Exists(Path.Combine(Folder, s.File)) });
        return fromFiles.Concat(onlyInTable)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The snapshot with this id, or <see cref="NotFoundException"/>.</summary>
    public SnapshotInfo Find(string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        RemoveLeftovers(Folder);
        if (IdPattern().IsMatch(snapshotId))
        {
            var sidecar = Path.Combine(Folder, snapshotId + ".json");
            if (File.Exists(sidecar)) return ReadSidecarOrDamaged(Folder, sidecar, snapshotId);
            if (_store.Recorded().Select(FromRow).FirstOrDefault(s => s.SnapshotId == snapshotId) is { } recorded)
            {
                return recorded with { HasSidecar = false, FileExists = File.Exists(Path.Combine(Folder, recorded.File)) };
            }
        }

        throw new NotFoundException($"snapshot {SemanticVersionPrintable(snapshotId)} not found", "list them with: gryt audit list-snapshots");
    }

    /// <summary>
    /// Verifies the snapshot (file present, SHA-256 as recorded, integrity ok, a gryt schema this
    /// build can use); throws <see cref="GrytEnvironmentException"/> with nothing changed when it is not usable.
    /// </summary>
    public SnapshotInfo Verify(string snapshotId) => VerifyFile(project, Find(snapshotId));

    private static SnapshotInfo VerifyFile(GrytProject project, SnapshotInfo snapshot)
    {
        var path = Path.Combine(project.SnapshotsFolder, snapshot.File);
        if (!File.Exists(path)) throw Damaged(snapshot, $"its file {project.Shown(path)} is missing");
        if (snapshot.Sha256.Length > 0 && Sha256.OfFile(path) != snapshot.Sha256)
        {
            throw Damaged(snapshot, $"{project.Shown(path)} does not match the SHA-256 recorded when it was taken");
        }

        (string Integrity, int SchemaVersion, bool GrytSchema) inspected;
        try
        {
            inspected = SnapshotStore.Inspect(path);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw Damaged(snapshot, $"{project.Shown(path)} is not a readable SQLite database ({ex.Message.TrimEnd('.')})");
        }

        if (inspected.Integrity != "ok") throw Damaged(snapshot, $"the integrity check of {project.Shown(path)} failed: {inspected.Integrity}");
        if (!inspected.GrytSchema || inspected.SchemaVersion < 1) throw Damaged(snapshot, $"{project.Shown(path)} does not hold a gryt database");
        if (inspected.SchemaVersion > GrytDatabase.SchemaVersion)
        {
            throw new GrytEnvironmentException(
                $"snapshot {snapshot.SnapshotId} has schema version {inspected.SchemaVersion}, newer than this gryt understands ({GrytDatabase.SchemaVersion})",
                "upgrade gryt to restore it");
        }

        return snapshot;
    }

    /// <summary>
    /// Restores a snapshot when the live database cannot be used at all (damaged, empty, failing its
    /// integrity check). The restored database, with its <c>database.rolled_back</c> event, is built
    /// beside the live file first and then renamed over it, so a kill at any moment leaves either the
    /// old file or the complete new one. The damaged file (and its -wal/-shm) is kept as a copy.
    /// Returns the snapshot and where the damaged file was kept.
    /// </summary>
    public static (SnapshotInfo Restored, string DamagedCopy) RecoverDamaged(GrytProject project, GrytContext context, string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(snapshotId);
        RemoveLeftovers(project.SnapshotsFolder);
        var sidecar = Path.Combine(project.SnapshotsFolder, snapshotId + ".json");
        if (!IdPattern().IsMatch(snapshotId) || !File.Exists(sidecar))
        {
            throw new NotFoundException($"snapshot {SemanticVersionPrintable(snapshotId)} not found", "list them with: gryt audit list-snapshots");
        }

        var snapshot = VerifyFile(project, ReadSidecarOrDamaged(project.SnapshotsFolder, sidecar, snapshotId));
        var live = project.DatabasePath;
        var damaged = live + ".damaged-" + context.Now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var staging = live + ".recovering" + PartialSuffix(context);
        RemoveLeftovers(Path.GetDirectoryName(live)!);
        try
        {
            DeleteDatabaseFiles(staging);
            SnapshotStore.RestoreInto(Path.Combine(project.SnapshotsFolder, snapshot.File), staging);
            using (var restored = GrytDatabase.Open(staging))
            {
                restored.WriteTransaction(transaction =>
                {
                    var store = new SnapshotStore(restored);
                    foreach (var known in ReadSidecars(project.SnapshotsFolder)) store.Record(transaction, RowOf(known));
                    AuditLog.Append(restored, transaction, context, "database.rolled_back", "snapshot", snapshot.SnapshotId, "recover",
                        new Dictionary<string, object?>
                        {
                            ["snapshot_id"] = snapshot.SnapshotId, ["label"] = snapshot.Label, ["snapshot_created_at"] = Timestamps.Format(snapshot.CreatedAt),
                            ["snapshot_sha256"] = snapshot.Sha256, ["damaged_database_kept_as"] = project.Shown(damaged),
                        });
                });
            }

            CrashPoint.Reach("recover.staged");
            foreach (var suffix in DatabaseSuffixes)
            {
                if (File.Exists(live + suffix)) File.Copy(live + suffix, damaged + suffix, overwrite: true);
            }

            // A -wal left beside the new file would be replayed into it.
            File.Delete(live + "-wal");
            File.Delete(live + "-shm");
            CrashPoint.Reach("recover.before-rename");
            File.Move(staging, live, overwrite: true);
            GrytDatabase.ClearIntegrityMark(live);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw GrytDatabase.Translate(ex, staging) is GrytException translated
                ? translated
                : new GrytEnvironmentException($"the recovery from snapshot {snapshot.SnapshotId} failed: {ex.Message.TrimEnd('.')}; the damaged database is unchanged", null, ex);
        }
        finally
        {
            DeleteDatabaseFiles(staging);
        }

        return (snapshot, damaged);
    }

    /// <summary>
    /// Restores the database to the snapshot: verifies it, snapshots the current state (reason
    /// before-rollback), then builds the restored state in a staging copy (migrated, every sidecar
    /// recorded, <c>snapshot.created</c> and <c>database.rolled_back</c> appended) and only then
    /// copies it into the live database with the backup API, in one SQLite transaction. A kill at
    /// any point leaves either the old state or the restored one with both events, never the
    /// restored state without them.
    /// </summary>
    public RollbackResult Rollback(string snapshotId)
    {
        var target = Verify(snapshotId);
        var before = Capture(SnapshotReasons.BeforeRollback, "before rollback to " + target.SnapshotId);
        CrashPoint.Reach("rollback.before-staging");
        var staging = Path.Combine(Folder, "rollback-" + before.SnapshotId + ".db" + PartialSuffix(context));
        try
        {
            DeleteDatabaseFiles(staging);
            SnapshotStore.RestoreInto(Path.Combine(Folder, target.File), staging, wal: false);
            using (var restored = GrytDatabase.Open(staging))
            {
                // An older snapshot may predate later migrations: Open applied them.
                restored.WriteTransaction(transaction =>
                {
                    var store = new SnapshotStore(restored);
                    foreach (var snapshot in ReadSidecars(Folder)) store.Record(transaction, RowOf(snapshot));
                    AppendCreated(restored, context, transaction, before);
                    AuditLog.Append(restored, transaction, context, "database.rolled_back", "snapshot", target.SnapshotId, "rollback",
                        new Dictionary<string, object?>
                        {
                            ["snapshot_id"] = target.SnapshotId, ["label"] = target.Label, ["snapshot_created_at"] = Timestamps.Format(target.CreatedAt),
                            ["snapshot_sha256"] = target.Sha256, ["replaced_state_snapshot_id"] = before.SnapshotId,
                            ["replaced_audit_head"] = before.AuditHeadHash, ["replaced_audit_events"] = before.AuditEvents,
                        });
                });
            }

            CrashPoint.Reach("rollback.staged");
            _store.RestoreFrom(staging);
            CrashPoint.Reach("rollback.restored");
            GrytDatabase.ClearIntegrityMark(database.Path);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw GrytDatabase.Translate(ex, database.Path) is GrytException translated
                ? translated
                : new GrytEnvironmentException($"the rollback to {target.SnapshotId} failed: {ex.Message.TrimEnd('.')}",
                    $"the state before it is kept in snapshot {before.SnapshotId}", ex);
        }
        finally
        {
            DeleteDatabaseFiles(staging);
        }

        return new RollbackResult(target, before);
    }

    /// <summary>
    /// Writes the snapshot file and its sidecar; nothing in the live database yet. Both are
    /// written under temporary names carrying this process's id and renamed into place, the
    /// sidecar last, so a kill leaves no half-written snapshot under a real name; the next
    /// snapshot removes what a dead process left. A copy that fails its integrity check is
    /// refused and stops writes to the database, except before a rollback, where it is kept
    /// (marked by its integrity result) because the rollback is the way out.
    /// </summary>
    private SnapshotInfo Capture(string reason, string? label)
    {
        if (label is not null && (label.Length > 200 || DisplayText.FirstUnsafe(label) is not null))
        {
            throw new InvalidInputException("a snapshot label is one line of at most 200 characters");
        }

        Directory.CreateDirectory(Folder);
        RemoveLeftovers(Folder);
        var now = context.Now;
        var id = NewId(now);
        var file = id + ".db";
        var path = Path.Combine(Folder, file);
        var sidecar = Path.Combine(Folder, id + ".json");
        var partialFile = path + PartialSuffix(context);
        var partialSidecar = sidecar + PartialSuffix(context);
        try
        {
            var (integrity, schema, head, events) = _store.BackupTo(partialFile);
            CrashPoint.Reach("snapshot.copied");
            if (integrity != "ok" && reason != SnapshotReasons.BeforeRollback)
            {
                database.MarkIntegrityFailed(integrity);
                throw new DamagedDatabaseException(
                    $"the database {project.Shown(database.Path)} failed its integrity check ({integrity}); no snapshot was taken, and gryt writes nothing to it until it is restored");
            }

            var snapshot = new SnapshotInfo(id, label, reason, now, context.Actor, file, new FileInfo(partialFile).Length, Sha256.OfFile(partialFile), integrity, schema, head, events);
            using (var stream = new FileStream(partialSidecar, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(stream, SnapshotSidecar.Of(snapshot), SnapshotJsonContext.Default.SnapshotSidecar);
                stream.Flush(flushToDisk: true);
            }

            CrashPoint.Reach("snapshot.sidecar-written");
            // The sidecar's rename commits the snapshot; a kill after it is rolled forward by Tidy.
            File.Move(partialSidecar, sidecar, overwrite: false);
            CrashPoint.Reach("snapshot.sidecar-renamed");
            File.Move(partialFile, path, overwrite: false);
            return snapshot;
        }
        catch (Exception ex)
        {
            if (File.Exists(sidecar) && File.Exists(partialFile) && !File.Exists(path)) File.Delete(sidecar);
            File.Delete(partialSidecar);
            File.Delete(partialFile);
            if (ex is Microsoft.Data.Sqlite.SqliteException full && (full.SqliteErrorCode == 13 || (full.SqliteErrorCode == 10 && StorageFaults.NoSpaceLeft(Folder))))
            {
                throw new GrytEnvironmentException($"disk full: cannot write the snapshot into {project.Shown(Folder)}/ ({GrytDatabase.Short(full)}); no snapshot was taken",
                    "free some space on that disk and run the command again", full);
            }

            if (ex is Microsoft.Data.Sqlite.SqliteException sqlite)
            {
                throw GrytDatabase.Translate(sqlite, database.Path) is GrytException translated
                    ? translated
                    : new GrytEnvironmentException($"the snapshot could not be written: {sqlite.Message.TrimEnd('.')}", null, sqlite);
            }

            throw;
        }
    }

    private static void AppendCreated(GrytDatabase database, GrytContext context, Microsoft.Data.Sqlite.SqliteTransaction transaction, SnapshotInfo snapshot) =>
        AuditLog.Append(database, transaction, context, "snapshot.created", "snapshot", snapshot.SnapshotId, "snapshot",
            new Dictionary<string, object?>
            {
                ["snapshot_id"] = snapshot.SnapshotId, ["label"] = snapshot.Label, ["reason"] = snapshot.Reason,
                ["size_bytes"] = snapshot.SizeBytes, ["sha256"] = snapshot.Sha256, ["integrity"] = snapshot.Integrity,
            });

    private static readonly string[] DatabaseSuffixes = ["", "-wal", "-shm"];

    /// <summary>Temporary files carry the writer's process id, so that a leftover can be told from work in progress.</summary>
    private static string PartialSuffix(GrytContext context) => ".partial-" + context.Host.ProcessId.ToString(CultureInfo.InvariantCulture);

    private static void DeleteDatabaseFiles(string path)
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" }) File.Delete(path + suffix);
    }

    /// <summary>
    /// Finishes or removes what a killed snapshot or rollback left (temporary files whose process
    /// is gone): a snapshot whose sidecar was already committed gets its file renamed into place,
    /// anything else is deleted.
    /// </summary>
    private static void RemoveLeftovers(string folder)
    {
        if (!Directory.Exists(folder)) return;
        foreach (var path in Directory.EnumerateFiles(folder, "*.partial-*"))
        {
            var name = Path.GetFileName(path);
            var marker = name.LastIndexOf(".partial-", StringComparison.Ordinal);
            var digits = name[(marker + ".partial-".Length)..];
            var end = digits.IndexOf('-', StringComparison.Ordinal);
            if (!int.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || IsAlive(pid)) continue;
            try
            {
                var final = Path.Combine(folder, name[..marker]);
                var committed = end < 0 && final.EndsWith(".db", StringComparison.Ordinal) && File.Exists(Path.ChangeExtension(final, ".json")) && !File.Exists(final);
                if (committed) File.Move(path, final);
                else File.Delete(path);
            }
            catch (IOException)
            {
            }
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static List<SnapshotInfo> ReadSidecars(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var list = new List<SnapshotInfo>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json"))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!IdPattern().IsMatch(id)) continue;
            try
            {
                list.Add(ReadSidecar(folder, path));
            }
            catch (Exception ex) when (IsUnreadableSidecar(ex))
            {
                // A damaged sidecar: the table may still know it; Find reports it as damaged.
            }
        }

        return list;
    }

    private static bool IsUnreadableSidecar(Exception ex) =>
        ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException;

    private static SnapshotInfo ReadSidecarOrDamaged(string folder, string path, string snapshotId)
    {
        try
        {
            return ReadSidecar(folder, path);
        }
        catch (Exception ex) when (IsUnreadableSidecar(ex))
        {
            throw new GrytEnvironmentException(
                $"snapshot {snapshotId} is damaged and cannot be restored: its metadata file {Path.GetFileName(path)} is unreadable ({ex.GetType().Name}); nothing was changed",
                "choose another snapshot from: gryt audit list-snapshots");
        }
    }
    private static SnapshotInfo ReadSidecar(string folder, string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = document.RootElement;
        string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        long Number(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;
        var id = Text("snapshot_id") ?? throw new KeyNotFoundException("snapshot_id");
        var file = Text("file") ?? id + ".db";
        if (Path.GetFileName(file) != file) throw new FormatException("file must be a name in the snapshots folder");
        return new SnapshotInfo(id, Text("label"), Text("reason") ?? SnapshotReasons.Manual,
            Timestamps.Parse(Text("created_at") ?? throw new KeyNotFoundException("created_at")), Text("created_by"), file,
            Number("size_bytes"), Text("sha256") ?? "", Text("integrity") ?? "", (int)Number("schema_version"), Text("audit_head_hash"), Number("audit_events"))
        {
            FileExists = File.Exists(Path.Combine(folder, file)),
        };
    }

    /// <summary>Time first, so ids sort by creation; 40 random bits, so two snapshots in one second never collide.</summary>
    private static string NewId(DateTimeOffset now) =>
        "snap-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    private static StoredSnapshot RowOf(SnapshotInfo s) => new(s.SnapshotId, s.Label, s.Reason, s.CreatedAt, s.File, s.SizeBytes, s.Sha256, s.Integrity);

    /// <summary>What the table alone knows of a snapshot (no creator, schema or audit head: those are in the sidecar).</summary>
    private static SnapshotInfo FromRow(StoredSnapshot r) => new(r.SnapshotId, r.Label, r.Reason, r.CreatedAt, null, r.File, r.SizeBytes, r.Sha256, r.Integrity, 0, null, 0);

    private static GrytEnvironmentException Damaged(SnapshotInfo snapshot, string problem) =>
        new($"snapshot {snapshot.SnapshotId} is damaged and cannot be restored: {problem}; nothing was changed",
            "choose another snapshot from: gryt audit list-snapshots");

    private static string SemanticVersionPrintable(string text) => SemanticVersion.Printable(text);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
