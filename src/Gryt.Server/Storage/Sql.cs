using System.Data.Common;

namespace Gryt.Server.Storage;

/// <summary>Parameterised commands on a connection (and its transaction): the one way the server runs SQL.</summary>
internal static class Sql
{
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken token, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(token);
    }

    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken token, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(token);
        return value is DBNull ? null : value;
    }

    /// <summary>Rows as dictionaries of column name → value (DBNull as null).</summary>
    public static async Task<List<Dictionary<string, object?>>> QueryAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken token, params (string, object?)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        await using var reader = await command.ExecuteReaderAsync(token);
        var rows = new List<Dictionary<string, object?>>();
        while (await reader.ReadAsync(token))
        {
            rows.Add(Row(reader));
        }

        return rows;
    }

    /// <summary>The reader's current row as a dictionary of column name → value (DBNull as null).</summary>
    public static Dictionary<string, object?> Row(DbDataReader reader)
    {
        var row = new Dictionary<string, object?>(reader.FieldCount, StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        return row;
    }

    public static string Text(this Dictionary<string, object?> row, string column) => (string)row[column]!;

    public static string? TextOrNull(this Dictionary<string, object?> row, string column) => row[column] as string;

    public static long Long(this Dictionary<string, object?> row, string column) => Convert.ToInt64(row[column], System.Globalization.CultureInfo.InvariantCulture);

    public static int Int(this Dictionary<string, object?> row, string column) => Convert.ToInt32(row[column], System.Globalization.CultureInfo.InvariantCulture);
}
