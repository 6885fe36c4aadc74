namespace Gryt;

/// <summary>
/// Read access to gryt's records for gates and custom code (SPEC §6). What writes (recording a run,
/// promoting) takes the database itself, <see cref="SqliteData"/>.
/// </summary>
public interface IData
{
    /// <summary>
    /// Runs a read-only query with <c>?</c> positional parameters and returns its rows as
    /// column name → value (long, double, string, byte[] or null); names ignore case.
    /// </summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args);
}
