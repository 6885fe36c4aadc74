using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Cli;

/// <summary>
/// <see cref="IData"/> for gates run by the CLI: each query on its own read-only connection to the
/// project's database, with <c>?</c> parameters. Replaced by the library's SqliteData when the
/// pipeline engine branch is merged.
/// </summary>
internal sealed class DatabaseData(GrytDatabase database) : IData
{
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(args);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = database.Path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = (int)GrytDatabase.BusyTimeout.TotalSeconds,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        var index = 0;
        var text = new System.Text.StringBuilder(sql.Length + 8);
        foreach (var ch in sql)
        {
            if (ch == '?') text.Append("$p").Append(++index);
            else text.Append(ch);
        }

        command.CommandText = text.ToString();
        for (var i = 0; i < args.Length; i++) command.Parameters.AddWithValue("$p" + (i + 1), args[i] ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var rows = new List<IReadOnlyDictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < reader.FieldCount; i++) row[reader.GetName(i)] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }

        return rows;
    }
}
