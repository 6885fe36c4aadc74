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
public sealed partial class SnapshotService(GrytProject project, GrytDatabase database, GrytContext context)
{
    private readonly SnapshotStore _store = new(database);

    private string Folder => project.SnapshotsFolder;

    /// <summary>Takes a snapshot and records it (table row, sidecar and audit event).</summary>
    public SnapshotInfo Take(string reason, string? label)
    {
        var snapshot = Capture(reason, label);
        database.WriteTransaction(transaction =>
        {
            _store.Record(transaction, snapshot);
            AppendCreated(transaction, snapshot);
        });
        return snapshot;
    }

    /// <summary>Every snapshot, newest first: from the sidecar files, plus any the table knows whose sidecar is gone.
    /// Sidecars the table does not know (taken after the state a rollback restored) are recorded in it.</summary>
    public IReadOnlyList<SnapshotInfo> List()
    {
        var fromFiles = ReadSidecars();
        var recorded = _store.RecordedIds();
        var unknown = fromFiles.Where(s => !recorded.Contains(s.SnapshotId)).ToList();
        if (unknown.Count > 0)
        {
            database.WriteTransaction(transaction =>
            {
                foreach (var snapshot in unknown) _store.Record(transaction, snapshot);
            });
        }

        var known = fromFiles.Select(s => s.SnapshotId).ToHashSet(StringComparer.Ordinal);
        var onlyInTable = _store.Recorded().Where(s => !known.Contains(s.SnapshotId))
            .Select(s => s with { HasSidecar = false, FileExists = File.Exists(Path.Combine(Folder, s.File)) });
        return fromFiles.Concat(onlyInTable)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.SnapshotId, StringComparer.Ordinal).ToList();
    }

    /// <summary>The snapshot with this id, or <see cref="NotFoundException"/>.</summary>
    public SnapshotInfo Find(string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(snapshotId);
        if (IdPattern().IsMatch(snapshotId))
        {
            var sidecar = Path.Combine(Folder, snapshotId + ".json");
            if (File.Exists(sidecar)) return ReadSidecar(sidecar);
            if (_store.Recorded().FirstOrDefault(s => s.SnapshotId == snapshotId) is { } recorded)
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
        if (snapshot.Sha256.Length > 0 && Sha256Of(path) != snapshot.Sha256)
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
    /// Restores a snapshot when the live database cannot be opened at all (damaged): the damaged
    /// file (and its -wal/-shm) is moved aside, never deleted, the snapshot is restored into a new
    /// file with the backup API, and the recovery is recorded in the restored audit trail.
    /// Returns the snapshot and where the damaged file was kept.
    /// </summary>
    public static (SnapshotInfo Restored, string DamagedCopy) RecoverDamaged(GrytProject project, GrytContext context, string snapshotId)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(snapshotId);
        var sidecar = Path.Combine(project.SnapshotsFolder, snapshotId + ".json");
        if (!IdPattern().IsMatch(snapshotId) || !File.Exists(sidecar))
        {
            throw new NotFoundException($"snapshot {SemanticVersionPrintable(snapshotId)} not found", "list the snapshot files in .gryt/snapshots/");
        }

        var snapshot = VerifyFile(project, ReadSidecar(project.SnapshotsFolder, sidecar));
        var damaged = project.DatabasePath + ".damaged-" + context.Now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        File.Move(project.DatabasePath, damaged);
        foreach (var suffix in new[] { "-wal", "-shm" })
        {
            if (File.Exists(project.DatabasePath + suffix)) File.Move(project.DatabasePath + suffix, damaged + suffix);
        }

        SnapshotStore.RestoreInto(Path.Combine(project.SnapshotsFolder, snapshot.File), project.DatabasePath);
        using var database = GrytDatabase.Open(project.DatabasePath);
        var service = new SnapshotService(project, database, context);
        database.WriteTransaction(transaction =>
        {
            foreach (var known in service.ReadSidecars()) service._store.Record(transaction, known);
            AuditLog.Append(database, transaction, context, "database.rolled_back", "snapshot", snapshot.SnapshotId, "recover",
                new Dictionary<string, object?>
                {
                    ["snapshot_id"] = snapshot.SnapshotId, ["label"] = snapshot.Label, ["snapshot_created_at"] = Timestamps.Format(snapshot.CreatedAt),
                    ["snapshot_sha256"] = snapshot.Sha256, ["damaged_database_kept_as"] = project.Shown(damaged),
                });
        });
        return (snapshot, damaged);
    }

    /// <summary>
    /// Restores the database to the snapshot: verifies it, snapshots the current state
    /// (reason before-rollback), restores with the backup API into the live database, then records
    /// the automatic snapshot and the rollback in the restored database's audit trail.
    /// </summary>
    public RollbackResult Rollback(string snapshotId)
    {
        var target = Verify(snapshotId);
        var before = Capture(SnapshotReasons.BeforeRollback, "before rollback to " + target.SnapshotId);
        try
        {
            _store.RestoreFrom(Path.Combine(Folder, target.File));
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw GrytDatabase.Translate(ex, database.Path) is GrytException translated
                ? translated
                : new GrytEnvironmentException($"the rollback to {target.SnapshotId} failed: {ex.Message.TrimEnd('.')}",
                    $"the state before it is kept in snapshot {before.SnapshotId}", ex);
        }

        // An older snapshot may predate later migrations.
        database.MigrateAfterRestore();
        database.WriteTransaction(transaction =>
        {
            foreach (var snapshot in ReadSidecars()) _store.Record(transaction, snapshot);
            AppendCreated(transaction, before);
            AuditLog.Append(database, transaction, context, "database.rolled_back", "snapshot", target.SnapshotId, "rollback",
                new Dictionary<string, object?>
                {
                    ["snapshot_id"] = target.SnapshotId, ["label"] = target.Label, ["snapshot_created_at"] = Timestamps.Format(target.CreatedAt),
                    ["snapshot_sha256"] = target.Sha256, ["replaced_state_snapshot_id"] = before.SnapshotId,
                    ["replaced_audit_head"] = before.AuditHeadHash, ["replaced_audit_events"] = before.AuditEvents,
                });
        });
        return new RollbackResult(target, before);
    }

    /// <summary>Writes the snapshot file and its sidecar; nothing in the live database yet.</summary>
    private SnapshotInfo Capture(string reason, string? label)
    {
        if (label is not null && (label.Length > 200 || DisplayText.FirstUnsafe(label) is not null))
        {
            throw new InvalidInputException("a snapshot label is one line of at most 200 characters");
        }

        Directory.CreateDirectory(Folder);
        var now = context.Now;
        for (var attempt = 0; ; attempt++)
        {
            var id = NewId(now);
            var file = id + ".db";
            var path = Path.Combine(Folder, file);
            var sidecar = Path.Combine(Folder, id + ".json");
            // Claim the id with the sidecar first: CreateNew fails if another process took it.
            FileStream claim;
            try
            {
                claim = new FileStream(sidecar, FileMode.CreateNew, FileAccess.Write);
            }
            catch (IOException) when (File.Exists(sidecar) && attempt < 5)
            {
                continue;
            }

            using (claim)
            {
                try
                {
                    if (File.Exists(path)) File.Delete(path);
                    var (integrity, schema, head, events) = _store.BackupTo(path);
                    var snapshot = new SnapshotInfo(id, label, reason, now, context.Actor, file, new FileInfo(path).Length, Sha256Of(path), integrity, schema, head, events);
                    JsonSerializer.Serialize(claim, ToSidecar(snapshot), SidecarJson);
                    return snapshot;
                }
                catch (Microsoft.Data.Sqlite.SqliteException ex)
                {
                    claim.Dispose();
                    File.Delete(sidecar);
                    File.Delete(path);
                    throw GrytDatabase.Translate(ex, database.Path) is GrytException translated
                        ? translated
                        : new GrytEnvironmentException($"the snapshot could not be written: {ex.Message.TrimEnd('.')}", null, ex);
                }
            }
        }
    }

    private void AppendCreated(Microsoft.Data.Sqlite.SqliteTransaction transaction, SnapshotInfo snapshot) =>
        AuditLog.Append(database, transaction, context, "snapshot.created", "snapshot", snapshot.SnapshotId, "snapshot",
            new Dictionary<string, object?>
            {
                ["snapshot_id"] = snapshot.SnapshotId, ["label"] = snapshot.Label, ["reason"] = snapshot.Reason,
                ["size_bytes"] = snapshot.SizeBytes, ["sha256"] = snapshot.Sha256, ["integrity"] = snapshot.Integrity,
            });

    private List<SnapshotInfo> ReadSidecars()
    {
        if (!Directory.Exists(Folder)) return [];
        var list = new List<SnapshotInfo>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            var id = Path.GetFileNameWithoutExtension(path);
            if (!IdPattern().IsMatch(id)) continue;
            try
            {
                list.Add(ReadSidecar(path));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or IOException)
            {
                // A sidecar being written by another process, or damaged: the table may still know it.
            }
        }

        return list;
    }

    private SnapshotInfo ReadSidecar(string path) => ReadSidecar(Folder, path);

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

    private static Dictionary<string, object?> ToSidecar(SnapshotInfo snapshot) => new()
    {
        ["snapshot_id"] = snapshot.SnapshotId,
        ["label"] = snapshot.Label,
        ["reason"] = snapshot.Reason,
        ["created_at"] = Timestamps.Format(snapshot.CreatedAt),
        ["created_by"] = snapshot.CreatedBy,
        ["file"] = snapshot.File,
        ["size_bytes"] = snapshot.SizeBytes,
        ["sha256"] = snapshot.Sha256,
        ["integrity"] = snapshot.Integrity,
        ["schema_version"] = snapshot.SchemaVersion,
        ["audit_head_hash"] = snapshot.AuditHeadHash,
        ["audit_events"] = snapshot.AuditEvents,
    };

    private static readonly JsonSerializerOptions SidecarJson = new() { WriteIndented = true };

    /// <summary>Time first, so ids sort by creation; 40 random bits, so two snapshots in one second never collide.</summary>
    private static string NewId(DateTimeOffset now) =>
        "snap-" + now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(5));

    internal static string Sha256Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static GrytEnvironmentException Damaged(SnapshotInfo snapshot, string problem) =>
        new($"snapshot {snapshot.SnapshotId} cannot be restored: {problem}; nothing was changed",
            "choose another snapshot from: gryt audit list-snapshots");

    private static string SemanticVersionPrintable(string text) => Contracts.SemanticVersion.Printable(text);

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
