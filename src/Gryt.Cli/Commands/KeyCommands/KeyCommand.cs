using System.CommandLine;
using Gryt.Cli.Commands.KeyCommands.Generate;

namespace Gryt.Cli.Commands.KeyCommands;

internal static class KeyCommand
{
    public static Command Create(CliEnvironment environment) => new("key", "Signing keys for release provenance")
    {
        GenerateCommand.Create(environment),
    };
}
