using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Storage;

namespace Gryt.Cli.Commands.GenerationCommands.List;

internal sealed record ListOptions(bool Json);

internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List generations with their progress") { json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new ListOptions(result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(ListOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var service = new ContractService(session.Project, session.Database, session.Context);
        var output = new Output(environment);

        if (options.Json)
        {
            var generations = service.Summaries();
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("generations");
                foreach (var summary in generations)
                {
                    writer.WriteStartObject();
                    GenerationJson.WriteFields(writer, summary.Generation);
                    writer.WriteNumber("changes_total", summary.ChangesTotal);
                    writer.WriteNumber("changes_proven", summary.ChangesProven);
                    writer.WriteNumber("evolutions", summary.Evolutions);
                    writer.WriteEndObject();
                    Output.FlushIfFull(writer);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (!output.Rich)
        {
            // One read of the rows' stored bytes (about 70 bytes a row), their widths, then the lines:
            // no string per cell and no second query.
            var rows = service.StoredRows();
            if (rows.Count == 0)
            {
                output.Line(Empty);
                return ExitCodes.Ok;
            }

            WritePlain(output, rows);
            return ExitCodes.Ok;
        }

        var summaries = service.Rows().ToList();
        if (summaries.Count == 0)
        {
            output.Line(Empty);
            return ExitCodes.Ok;
        }

        var table = new TableView(Headers)
        {
            Style = (column, cell) => column == 1 ? Output.StatusStyle(cell) : null,
            // Six columns with borders would pass 80 characters and wrap the dates.
            Compact = true,
            NoWrap = [4, 5],
        };
        foreach (var row in summaries) table.Add(Cells(row));
        output.Table(table);
        return ExitCodes.Ok;
    }

    private const string Empty = "No generations yet. Create one with: gryt generation new v1.0.0";

    private static readonly string[] Headers = ["VERSION", "STATUS", "PROVEN", "EVOLUTIONS", "CREATED", "PROMOTED"];

    /// <summary>The plain table of <see cref="Cells"/>, from the stored bytes.</summary>
    private static void WritePlain(Output output, StoredListingRows rows)
    {
        Span<byte> time = stackalloc byte[16];
        var widths = Headers.Select(h => h.Length).ToArray();
        foreach (var row in rows)
        {
            widths[0] = Math.Max(widths[0], PlainTable.Width(row.Version));
            widths[1] = Math.Max(widths[1], PlainTable.Width(row.Status));
            widths[2] = Math.Max(widths[2], PlainTable.Width(row.ChangesProven) + 1 + PlainTable.Width(row.ChangesTotal));
            widths[3] = Math.Max(widths[3], PlainTable.Width(row.Evolutions));
            widths[4] = Math.Max(widths[4], PlainTable.Width(Output.Time(row.CreatedAt, time)));
        }

        using var table = output.PlainTable(widths);
        table.Row(Headers);
        foreach (var row in rows)
        {
            table.Cell(row.Version);
            table.Cell(row.Status);
            table.Cell(row.ChangesProven, row.ChangesTotal);
            table.Cell(row.Evolutions);
            table.Cell(Output.Time(row.CreatedAt, time));
            table.Cell(row.Promoted ? Output.Time(row.PromotedAt, time) : "-"u8);
            table.EndRow();
        }
    }

    private static string[] Cells(GenerationRow row) =>
    [
        row.Version,
        row.Status.ToWord(),
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{row.ChangesProven}/{row.ChangesTotal}"),
        row.Evolutions.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Output.Time(row.CreatedAt),
        Output.Time(row.PromotedAt),
    ];
}
