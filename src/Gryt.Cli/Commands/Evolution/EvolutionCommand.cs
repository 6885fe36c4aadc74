using System.CommandLine;
using Gryt.Cli.Commands.Evolution.List;
using Gryt.Cli.Commands.Evolution.Start;

namespace Gryt.Cli.Commands.Evolution;

internal static class EvolutionCommand
{
    public static Command Create(CliEnvironment environment) => new("evolution", "Evolutions: pipeline runs that prove a generation's changes")
    {
        StartCommand.Create(environment),
        ListCommand.Create(environment),
    };
}
