using System.CommandLine;
using Gryt.Cli.Commands.Generation.GenTest;
using Gryt.Cli.Commands.Generation.List;
using Gryt.Cli.Commands.Generation.Promote;
using Gryt.Cli.Commands.Generation.Revoke;
using Gryt.Cli.Commands.Generation.New;
using Gryt.Cli.Commands.Generation.Show;
using Gryt.Cli.Commands.Generation.Update;

namespace Gryt.Cli.Commands.Generation;

internal static class GenerationCommand
{
    public static Command Create(CliEnvironment environment) => new("generation", "Release contracts: the changes a version must contain")
    {
        NewCommand.Create(environment),
        UpdateCommand.Create(environment),
        ListCommand.Create(environment),
        ShowCommand.Create(environment),
        GenTestCommand.Create(environment),
        PromoteCommand.Create(environment),
        RevokeCommand.Create(environment),
    };
}
