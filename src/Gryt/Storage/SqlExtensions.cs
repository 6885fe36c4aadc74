using Microsoft.Data.Sqlite;

namespace Gryt.Storage;

/// <summary>Small helpers that keep the SQL readable next to the code that uses it.</summary>
internal static class SqlExtensions
{
    public static SqliteCommand With(this SqliteCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static string? GetNullableString(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
