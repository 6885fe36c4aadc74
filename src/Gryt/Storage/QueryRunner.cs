using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>The result of <c>gryt db query</c>: the first result set, and rows changed by writes.</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowsChanged);

/// <summary>
/// Runs user SQL. Read-only unless asked: the connection is put in <c>query_only</c> mode, so
/// SQLite itself refuses every write, however the statement is spelled.
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
                SetQueryOnly(database, true);
                try
                {
                    return Read(database, sql, null);
                }
                finally
                {
                    SetQueryOnly(database, false);
                }
            }

            return database.WriteTransaction(transaction =>
            {
                var result = Read(database, sql, transaction);
                beforeCommit?.Invoke(transaction);
                return result;
            });
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 8 && !allowWrite)
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

    private static QueryResult Read(GrytDatabase database, string sql, SqliteTransaction? transaction)
    {
        using var command = database.Command(sql, transaction);
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

    private static void SetQueryOnly(GrytDatabase database, bool on)
    {
        using var command = database.Command(on ? "PRAGMA query_only = 1" : "PRAGMA query_only = 0");
        command.ExecuteNonQuery();
    }
}
