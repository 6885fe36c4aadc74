using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>The result of <c>gryt db query</c>: the first result set, and rows changed by writes.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowsChanged);

/// <summary>
/// Runs user SQL. Read-only unless asked: it runs on a connection SQLite opened read-only, so
/// SQLite itself refuses every write, however the statement is spelled (even one that first
/// runs <c>PRAGMA query_only = 0</c>).
/// </summary>
public static class QueryRunner
{
    public static QueryResult Run(GrytDatabase database, string sql, bool allowWrite, Action<SqliteTransaction>? beforeCommit = null)
    {
        if (string.IsNullOrWhiteSpace(sql)) throw new InvalidInputException("the query is empty");
        try
        {
            if (!allowWrite)
            {
                using var readOnly = database.OpenReadOnlyConnection();
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
