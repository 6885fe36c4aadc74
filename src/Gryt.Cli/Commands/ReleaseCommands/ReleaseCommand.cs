using System.CommandLine;
using Gryt.Cli.Commands.ReleaseCommands.Verify;

namespace Gryt.Cli.Commands.ReleaseCommands;

internal static class ReleaseCommand
{
    public static Command Create(CliEnvironment environment) => new("release", "Promoted releases: verify one from a clone")
    {
        VerifyCommand.Create(environment),
    };
}
