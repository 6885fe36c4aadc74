using Gryt.Storage;

namespace Gryt.Tests.Evolutions;

/// <summary>IData over an open database with '?' parameters, for gate tests.</summary>
internal sealed class TestData(GrytDatabase database) : IData
{
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args)
    {
        using var command = database.Connection.CreateCommand();
        var index = 0;
        command.CommandText = string.Concat(sql.Select(ch => ch == '?' ? "$p" + ++index : ch.ToString()));
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
