using Gryt.Storage;

namespace Gryt.Project;

/// <summary>Opens a project's database, refusing to start an empty one over a project that already has records.</summary>
internal static class ProjectDatabase
{
    /// <summary>
    /// Opens (creating when .gryt/ is brand new) the project's database. A zero-length database
    /// beside contract files or snapshots is what a crash or a full disk leaves behind, not a new
    /// project: SQLite would silently start it again empty, so this is <see cref="DamagedDatabaseException"/>.
    /// </summary>
    public static GrytDatabase Open(GrytProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        var path = project.DatabasePath;
        if (IsEmptyFile(path) && IsEmptyFile(path + "-wal", missingIsEmpty: true))
        {
            var contracts = Count(project.GenerationsFolder, "*.yaml");
            var snapshots = Count(project.SnapshotsFolder, "*.json");
            if (contracts + snapshots > 0)
            {
                throw new DamagedDatabaseException(
                    $"the database {project.Shown(path)} is empty (0 bytes) while .gryt/ holds {Counted.Of(contracts, "contract file")} and {Counted.Of(snapshots, "snapshot")}; gryt does not start it again empty",
                    snapshots > 0
                        ? DamagedDatabaseException.DefaultHint
                        : "no snapshot to restore: move the empty file away and gryt starts a new database from the contract files");
            }
        }

        return GrytDatabase.Open(path);
    }

    private static bool IsEmptyFile(string path, bool missingIsEmpty = false)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length == 0 : missingIsEmpty;
    }

    private static int Count(string folder, string pattern) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, pattern).Count() : 0;
}
