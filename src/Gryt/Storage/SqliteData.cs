using System.Text;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt;

/// <summary>
/// gryt's SQLite database as a pipeline and gates see it: <see cref="Query"/> for reading, and
/// (inside the library) the recording of runs, steps and metrics. Safe to share between the
/// steps of a run: calls are taken one at a time.
/// </summary>
public sealed class SqliteData : IData, IDisposable
{
    private readonly bool _ownsDatabase;
    private SqliteConnection? _readOnly;

    /// <summary>Opens (creating and migrating if needed) the database at <paramref name="path"/>, e.g. <c>.gryt/gryt.db</c>.</summary>
    public SqliteData(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Database = GrytDatabase.Open(path);
        _ownsDatabase = true;
    }

    /// <summary>Uses a database the caller already opened (and keeps owning).</summary>
    internal SqliteData(GrytDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        Database = database;
    }

    internal GrytDatabase Database { get; }

    /// <summary>Serialises use of the one connection by concurrently running steps.</summary>
    internal Lock Gate { get; } = new();

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sql);
        args ??= [null];
        var (text, count) = NumberParameters(sql);
        if (count != args.Length)
        {
            throw new InvalidInputException($"the query has {Counted.Of(count, "'?' parameter")} but {Counted.Of(args.Length, "value")} {(args.Length == 1 ? "was" : "were")} given");
        }

        lock (Gate)
        {
            // A connection SQLite opened read-only (as `db query` uses): gates and custom code can read
            // everything, and no statement, not even `PRAGMA query_only = 0`, can make it write.
            _readOnly ??= Database.OpenReadOnlyConnection();
            using var command = _readOnly.CreateCommand();
            command.CommandText = text;
            for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("$p" + (i + 1), args[i] ?? DBNull.Value);
            try
            {
                using var reader = command.ExecuteReader();
                var rows = new List<IReadOnlyDictionary<string, object?>>();
                while (reader.Read())
                {
                    var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.OrdinalIgnoreCase);
                    for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }

                // Step through any later statements so that their errors are not hidden.
                while (reader.NextResult())
                {
                    while (reader.Read())
                    {
                    }
                }

                return rows;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14)
            {
                throw new InvalidInputException("IData.Query is read-only: the statement would change the database");
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode is 1)
            {
                throw new InvalidInputException("SQL error: " + ex.Message);
            }
        }
    }

    public void Dispose()
    {
        _readOnly?.Dispose();
        if (_ownsDatabase) Database.Dispose();
    }

    /// <summary>Turns each <c>?</c> outside quotes and comments into <c>$pN</c>, counting them.</summary>
    internal static (string Sql, int Count) NumberParameters(string sql)
    {
        var result = new StringBuilder(sql.Length + 16);
        var count = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var c = sql[i];
            switch (c)
            {
                case '\'' or '"' or '`':
                {
                    var end = sql.IndexOf(c, i + 1);
                    // A doubled quote inside is an escaped quote: keep scanning.
                    while (end >= 0 && end + 1 < sql.Length && sql[end + 1] == c) end = sql.IndexOf(c, end + 2);
                    end = end < 0 ? sql.Length - 1 : end;
                    result.Append(sql, i, end - i + 1);
                    i = end;
                    break;
                }

                case '[':
                {
                    var end = sql.IndexOf(']', i + 1);
                    end = end < 0 ? sql.Length - 1 : end;
                    result.Append(sql, i, end - i + 1);
                    i = end;
                    break;
                }

                case '-' when i + 1 < sql.Length && sql[i + 1] == '-':
                {
                    var end = sql.IndexOf('\n', i);
                    end = end < 0 ? sql.Length - 1 : end;
                    result.Append(sql, i, end - i + 1);
                    i = end;
                    break;
                }

                case '/' when i + 1 < sql.Length && sql[i + 1] == '*':
                {
                    var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    end = end < 0 ? sql.Length - 1 : end + 1;
                    result.Append(sql, i, end - i + 1);
                    i = end;
                    break;
                }

                case '?' when i + 1 >= sql.Length || !char.IsAsciiDigit(sql[i + 1]):
                    count++;
                    result.Append("$p").Append(count);
                    break;

                default:
                    result.Append(c);
                    break;
            }
        }

        return (result.ToString(), count);
    }
}
