using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;

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

        var widths = service.RowWidths();
        if (widths.Count == 0)
        {
            output.Line("No generations yet. Create one with: gryt generation new v1.0.0");
            return ExitCodes.Ok;
        }

        if (!output.Rich)
        {
            // Laid out by SQLite and streamed to stdout as its bytes: flat in memory however many generations there are.
            int[] cells = [widths.Version, widths.Status, widths.Proven, widths.Evolutions, widths.Created, 0];
            Output.WritePlainTable(environment.Out, Headers, cells, []);
            var columns = cells.Select((width, i) => Math.Max(width, Headers[i].Length)).ToArray();
            output.Utf8Lines(line => service.RowLines(columns, line));
            return ExitCodes.Ok;
        }

        var table = new TableView(Headers)
        {
            Style = (column, cell) => column == 1 ? Output.StatusStyle(cell) : null,
            // Six columns with borders would pass 80 characters and wrap the dates.
            Compact = true,
            NoWrap = [4, 5],
        };
        foreach (var row in service.Rows()) table.Add(Cells(row));
        output.Table(table);
        return ExitCodes.Ok;
    }

    private static readonly string[] Headers = ["VERSION", "STATUS", "PROVEN", "EVOLUTIONS", "CREATED", "PROMOTED"];

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
