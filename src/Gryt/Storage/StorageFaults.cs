using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>
/// Turns failures of the disk under gryt (full, read-only, failing, not a database) into gryt
/// errors with one line each, whichever command met them. Anything else is left alone: it is a bug.
/// </summary>
internal static class StorageFaults
{
    // errno values, as .NET reports them in IOException.HResult on Unix.
    private const int EIO = 5;
    private const int ENOSPC = 28;
    private const int EROFS = 30;
    private const int EDQUOT = 122;

    /// <summary>The gryt error for <paramref name="exception"/>, or null when it is not a storage fault.</summary>
    public static GrytException? Classify(Exception exception, string? databasePath = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            GrytException gryt => gryt,
            SqliteException sqlite => GrytDatabase.Translate(sqlite, databasePath ?? "gryt.db") as GrytException,
            IOException io when IsDiskFull(io) => new GrytEnvironmentException(
                "disk full: " + Detail(io), "free some space on that disk and run the command again", io),
            IOException io when io.HResult == EROFS => new GrytEnvironmentException(
                "cannot write: the file system is read-only: " + Detail(io), null, io),
            IOException io when io.HResult == EIO => new GrytEnvironmentException(
                "disk I/O error: " + Detail(io), "check the disk; gryt's records are in .gryt/", io),
            UnauthorizedAccessException denied => new GrytEnvironmentException(
                "permission denied: " + Detail(denied), "check the owner and permissions of that file or folder", denied),
            _ => null,
        };
    }

    /// <summary>Whether the disk holding <paramref name="path"/> (a file or folder) has no space left.</summary>
    public static bool NoSpaceLeft(string path)
    {
        try
        {
            for (var folder = new DirectoryInfo(Path.GetFullPath(path)); folder is not null; folder = folder.Parent)
            {
                if (folder.Exists) return new DriveInfo(folder.FullName).AvailableFreeSpace == 0;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }

        return false;
    }

    private static bool IsDiskFull(IOException io) =>
        io.HResult is ENOSPC or EDQUOT
        // Windows: ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL.
        || (io.HResult & 0xFFFF) is 112 or 39;

    private static string Detail(Exception exception) =>
        exception.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.') is { Length: > 0 } text
            ? text
            : exception.GetType().Name + " " + exception.HResult.ToString(CultureInfo.InvariantCulture);
}
