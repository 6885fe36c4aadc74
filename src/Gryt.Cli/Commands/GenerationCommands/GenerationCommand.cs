using System.CommandLine;
using Gryt.Cli.Commands.GenerationCommands.Abandon;
using Gryt.Cli.Commands.GenerationCommands.Approve;
using Gryt.Cli.Commands.GenerationCommands.GenTest;
using Gryt.Cli.Commands.GenerationCommands.List;
using Gryt.Cli.Commands.GenerationCommands.Promote;
using Gryt.Cli.Commands.GenerationCommands.Revoke;
using Gryt.Cli.Commands.GenerationCommands.New;
using Gryt.Cli.Commands.GenerationCommands.Show;
using Gryt.Cli.Commands.GenerationCommands.Update;

namespace Gryt.Cli.Commands.GenerationCommands;

internal static class GenerationCommand
{
    public static Command Create(CliEnvironment environment) => new("generation", "Release contracts: the changes a version must contain")
    {
        NewCommand.Create(environment),
        UpdateCommand.Create(environment),
        ListCommand.Create(environment),
        ShowCommand.Create(environment),
        GenTestCommand.Create(environment),
        ApproveCommand.Create(environment),
        PromoteCommand.Create(environment),
        RevokeCommand.Create(environment),
        AbandonCommand.Create(environment),
    };
}
