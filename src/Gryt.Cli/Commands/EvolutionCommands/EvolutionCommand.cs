using System.CommandLine;
using Gryt.Cli.Commands.EvolutionCommands.List;
using Gryt.Cli.Commands.EvolutionCommands.Start;

namespace Gryt.Cli.Commands.EvolutionCommands;

internal static class EvolutionCommand
{
    public static Command Create(CliEnvironment environment) => new("evolution", "Evolutions: pipeline runs that prove a generation's changes")
    {
        StartCommand.Create(environment),
        ListCommand.Create(environment),
    };
}
