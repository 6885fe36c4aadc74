using System.CommandLine;
using Gryt.Cli.Commands.PipelineCommands.List;
using Gryt.Cli.Commands.PipelineCommands.Show;
using Gryt.Cli.Commands.PipelineCommands.Validate;

namespace Gryt.Cli.Commands.PipelineCommands;

internal static class PipelineCommand
{
    public static Command Create(CliEnvironment environment) => new("pipeline", "Pipelines of this project: list, show and validate them")
    {
        ListCommand.Create(environment),
        ShowCommand.Create(environment),
        ValidateCommand.Create(environment),
    };

    public static Argument<string> NameArgument() =>
        new("NAME") { Description = "The pipeline: NAME of .gryt/pipelines/NAME.yaml, NAME.yml or NAME.cs, or a path" };
}
