using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Gryt.Storage;

/// <summary>The result of <c>gryt db query</c>: the first result set, and rows changed by writes.</summary>
internal sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowsChanged);

/// <summary>
/// Runs user SQL. Read-only unless asked: it runs on a connection SQLite opened read-only, so
/// SQLite itself refuses every write, however the statement is spelled (even one that first
/// runs <c>PRAGMA query_only = 0</c>). Some writes get past that or fail late: <c>VACUUM INTO</c>
/// creates its file before failing, and <c>PRAGMA journal_mode=DELETE</c> waits for a lock until
/// the busy timeout. So every statement is compiled first, and the query is refused before
/// anything runs when SQLite says one of them writes, or one attaches a database.
/// </summary>
internal static class QueryRunner
{
    public static QueryResult Run(GrytDatabase database, string sql, bool allowWrite, Action<SqliteTransaction>? beforeCommit = null)
    {
        if (string.IsNullOrWhiteSpace(sql)) throw new InvalidInputException("the query is empty");
        try
        {
            if (!allowWrite)
            {
                using var readOnly = database.OpenReadOnlyConnection();
                RefuseWrites(readOnly, sql);
                using var command = readOnly.CreateCommand();
                command.CommandText = sql;
                return Read(command);
            }

            return database.WriteTransaction(transaction =>
            {
                using var command = database.Command(sql, transaction);
                var result = Read(command);
                beforeCommit?.Invoke(transaction);
                return result;
            });
        }
        // 14: on the read-only connection, ATTACH of a file that does not exist (it would create it).
        catch (SqliteException ex) when (ex.SqliteErrorCode is 8 or 14 && !allowWrite)
        {
            throw new InvalidInputException("db query is read-only: the statement would change the database", "add --write to allow changes");
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 1 or 19 or 20 or 25)
        {
            throw new InvalidInputException("SQL error: " + ex.Message.Replace("SQLite Error " + ex.SqliteErrorCode + ": ", "", StringComparison.Ordinal).Trim('\'', ' ', '.'));
        }
        catch (SqliteException ex)
        {
            throw GrytDatabase.Translate(ex, database.Path) is GrytException translated
                ? translated
                : new InvalidInputException("SQL error: " + ex.Message);
        }
    }

    private static void RefuseWrites(SqliteConnection connection, string sql)
    {
        var handle = connection.Handle!;
        var attaches = false;
        var journalModeQuery = false;
        raw.sqlite3_set_authorizer(handle, (strdelegate_authorizer)((_, action, first, second, _, _) =>
        {
            switch (action)
            {
                case raw.SQLITE_ATTACH or raw.SQLITE_DETACH:
                    attaches = true;
                    return raw.SQLITE_DENY;
                case raw.SQLITE_PRAGMA when second is null && string.Equals(first, "journal_mode", StringComparison.OrdinalIgnoreCase):
                    journalModeQuery = true;
                    break;
            }

            return raw.SQLITE_OK;
        }), null);
        try
        {
            var rest = sql;
            while (!string.IsNullOrWhiteSpace(rest))
            {
                journalModeQuery = false;
                var code = raw.sqlite3_prepare_v2(handle, rest, out var statement, out var tail);
                using (statement)
                {
                    if (attaches || (code == raw.SQLITE_OK && !statement.IsInvalid && raw.sqlite3_stmt_readonly(statement) == 0 && !journalModeQuery))
                    {
                        throw new InvalidInputException("db query is read-only: the statement would change the database", "add --write to allow changes");
                    }

                    // A statement that does not compile is reported when the query runs, with SQLite's message.
                    if (code != raw.SQLITE_OK) return;
                }

                rest = tail;
            }
        }
        finally
        {
            raw.sqlite3_set_authorizer(handle, (strdelegate_authorizer?)null, null);
        }
    }

    private static QueryResult Read(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        string[] columns = [];
        var rows = new List<object?[]>();
        var first = true;
        do
        {
            if (first && reader.FieldCount > 0)
            {
                first = false;
                columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                while (reader.Read())
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                    rows.Add(row);
                }
            }
            else
            {
                // Step through later statements too, so that their errors are not hidden.
                while (reader.Read())
                {
                }
            }
        }
        while (reader.NextResult());

        return new QueryResult(columns, rows, Math.Max(0, reader.RecordsAffected));
    }
}
