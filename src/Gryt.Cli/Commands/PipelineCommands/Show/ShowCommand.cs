using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Pipelines.Loading;

namespace Gryt.Cli.Commands.PipelineCommands.Show;

internal sealed record ShowOptions(string Name, bool Json);

internal static class ShowCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = PipelineCommand.NameArgument();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show a pipeline's steps with their needs, commands and timeouts") { name, json };
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new ShowOptions(result.GetValue(name)!, result.GetValue(json)), environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ShowOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var source = PipelineCatalog.Find(session.Project, options.Name, environment.WorkingDirectory);
        var info = await environment.InspectWithCommandsAsync(source, session.Project, cancellationToken);
        var shown = session.Project.Shown(source.Path);
        var output = new Output(environment);

        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("format", source.FormatWord);
                writer.WriteString("path", shown);
                writer.WritePropertyName("pipeline");
                info.WriteJson(writer);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.KeyValues(
            ("Pipeline", info.Name),
            ("File", shown),
            ("Format", source.FormatWord),
            ("Description", info.Description),
            ("Runners", info.ParallelRunners.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Fail fast", info.FailFast ? "yes" : "no"),
            ("Secrets", info.Secrets.Count == 0 ? null : string.Join(", ", info.Secrets)),
            ("Hooks", info.HookEvents.Count == 0 ? null : string.Join(", ", info.HookEvents)));
        output.Line();

        var table = new TableView("STEP", "NEEDS", "RUN / USES", "TIMEOUT", "RETRIES", "DESCRIPTION");
        foreach (var step in info.Steps)
        {
            table.Add(
                step.Name + (step.ContinueOnError ? " (continue_on_error)" : ""),
                step.Needs.Count == 0 ? "-" : string.Join(", ", step.Needs),
                step.Run is not null ? step.Run.ReplaceLineEndings(" ") : "uses: " + step.Uses,
                step.Timeout is { } timeout ? PipelineInfo.FormatTimeout(timeout) : "-",
                step.Retries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                step.Description ?? "");
        }

        output.Table(table);

        // The exact commands, apart from the table: they are long, and a step may run several.
        var commands = new TableView("STEP", "COMMAND");
        foreach (var step in info.Steps)
        {
            var lines = PlannedCommandText.Lines(step);
            for (var i = 0; i < lines.Count; i++) commands.Add(i == 0 ? step.Name : "", lines[i]);
        }

        output.Line();
        output.Table(commands);
        return ExitCodes.Ok;
    }
}
