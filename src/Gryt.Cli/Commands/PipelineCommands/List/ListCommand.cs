using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Pipelines.Loading;

namespace Gryt.Cli.Commands.PipelineCommands.List;

internal sealed record ListOptions(bool Json);

internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List the pipelines found in .gryt/pipelines, with their format, steps and errors") { json };
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new ListOptions(result.GetValue(json)), environment, cancellationToken));
        return command;
    }

    private sealed record Entry(PipelineSource Source, PipelineInfo? Info, string? Error);

    public static async Task<int> RunAsync(ListOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        PipelineRuns.RecoverInterrupted(session.Database, environment.Clock);
        var entries = new List<Entry>();
        foreach (var source in PipelineCatalog.List(session.Project))
        {
            try
            {
                entries.Add(new Entry(source, await environment.InspectAsync(source, session.Project, cancellationToken), null));
            }
            catch (GrytException ex)
            {
                entries.Add(new Entry(source, null, ex.Message));
            }
        }

        var output = new Output(environment);

        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("pipelines");
                foreach (var entry in entries)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", entry.Source.Name);
                    writer.WriteString("format", entry.Source.FormatWord);
                    writer.WriteString("path", session.Project.Shown(entry.Source.Path));
                    writer.WriteBoolean("valid", entry.Error is null);
                    if (entry.Info is null) writer.WriteNull("steps");
                    else writer.WriteNumber("steps", entry.Info.Steps.Count);
                    writer.WriteString("description", entry.Info?.Description);
                    writer.WriteString("error", entry.Error);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (entries.Count == 0)
        {
            output.Line($"No pipelines in {session.Project.Shown(session.Project.PipelinesFolder)}. Add one as NAME.yaml (see docs/pipelines.md).");
            return ExitCodes.Ok;
        }

        var table = new TableView("NAME", "FORMAT", "STEPS", "DESCRIPTION", "ERROR")
        {
            Style = (column, cell) => column == 4 && cell != "-" ? "red" : null,
        };
        foreach (var entry in entries)
        {
            table.Add(
                entry.Source.Name,
                entry.Source.FormatWord,
                entry.Info?.Steps.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-",
                entry.Info?.Description ?? "",
                entry.Error ?? "-");
        }

        output.Table(table);
        return ExitCodes.Ok;
    }
}
