using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Scaffolding.Templates;

namespace Gryt.Cli.Commands.NewCommands.List;

internal sealed record ListOptions(bool Json);

internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("list", "List the project templates: name, toolchain, pipeline and description") { json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new ListOptions(result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(ListOptions options, CliEnvironment environment)
    {
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("templates");
                foreach (var template in TemplateCatalog.All)
                {
                    writer.WriteStartObject();
                    writer.WriteString("name", template.Name);
                    writer.WriteString("toolchain", template.Toolchain);
                    writer.WriteString("pipeline", template.Pipeline);
                    writer.WriteString("description", template.Description);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var table = new TableView("NAME", "TOOLCHAIN", "PIPELINE", "DESCRIPTION");
        foreach (var template in TemplateCatalog.All) table.Add(template.Name, template.Toolchain, template.Pipeline, template.Description);
        output.Table(table);
        output.Line();
        output.Line("Create a project: gryt new DIR --template NAME");
        return ExitCodes.Ok;
    }
}
