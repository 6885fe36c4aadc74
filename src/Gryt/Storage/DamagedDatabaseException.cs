namespace Gryt.Storage;

/// <summary>
/// The database cannot be trusted: SQLite reports it corrupt or not a database, it failed its
/// integrity check, or it is empty where a project already has records. Exit 5 like every
/// environment failure; <c>audit list-snapshots</c> and <c>audit rollback</c> recognise it and
/// work from the snapshot sidecar files instead of the database.
/// </summary>
public sealed class DamagedDatabaseException(string message, string? hint = null, Exception? inner = null)
    : GrytEnvironmentException(message, hint ?? DefaultHint, inner)
{
    public const string DefaultHint = "list the snapshots with gryt audit list-snapshots, then restore one with gryt audit rollback ID";
}
