using System.CommandLine;
using System.Globalization;
using Gryt.Audit;
using Gryt.Cli.Rendering;
using Gryt.Storage;

namespace Gryt.Cli.Commands.DbCommands.Query;

internal sealed record QueryOptions(string Sql, bool Json, bool Write);

internal static class QueryCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var sql = new Argument<string>("SQL") { Description = "The SQL to run, e.g. \"SELECT version, status FROM generations\"" };
        var json = CommonOptions.Json();
        var write = new Option<bool>("--write") { Description = "Allow statements that change the database (recorded in the audit trail)" };
        var command = new Command("query", "Run SQL against the database (read-only unless --write)") { sql, json, write };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new QueryOptions(result.GetValue(sql)!, result.GetValue(json), result.GetValue(write)), environment)));
        return command;
    }

    public static int Run(QueryOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var result = QueryRunner.Run(session.Database, options.Sql, options.Write, options.Write
            ? transaction => AuditLog.Append(session.Database, transaction, session.Context, "db.write", "database", "gryt.db", "query",
                new Dictionary<string, object?> { ["sql"] = options.Sql })
            : null);
        var output = new Output(environment);

        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("columns");
                foreach (var column in result.Columns) writer.WriteStringValue(column);
                writer.WriteEndArray();
                writer.WriteStartArray("rows");
                foreach (var row in result.Rows)
                {
                    writer.WriteStartObject();
                    for (var i = 0; i < row.Length; i++)
                    {
                        var name = result.Columns[i];
                        switch (row[i])
                        {
                            case null: writer.WriteNull(name); break;
                            case long n: writer.WriteNumber(name, n); break;
                            case double d: writer.WriteNumber(name, d); break;
                            case byte[] bytes: writer.WriteBase64String(name, bytes); break;
                            case var other: writer.WriteString(name, Convert.ToString(other, CultureInfo.InvariantCulture)); break;
                        }
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                if (options.Write) writer.WriteNumber("rows_changed", result.RowsChanged);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (result.Columns.Count > 0)
        {
            var table = new TableView([.. result.Columns]);
            foreach (var row in result.Rows) table.Add(row.Select(Cell).ToArray());
            output.Table(table);
            output.Note(Counted.Of(result.Rows.Count, "row"));
        }

        if (options.Write) output.Done($"{Counted.Of(result.RowsChanged, "row")} changed");
        return ExitCodes.Ok;
    }

    private static string Cell(object? value) => value switch
    {
        null => "NULL",
        byte[] bytes => "0x" + Convert.ToHexString(bytes),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)?.ReplaceLineEndings(" ") ?? "",
    };
}
