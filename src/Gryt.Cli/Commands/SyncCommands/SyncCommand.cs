using System.CommandLine;
using Gryt.Cli.Commands.SyncCommands.Config;
using Gryt.Cli.Commands.SyncCommands.Login;
using Gryt.Cli.Commands.SyncCommands.Pull;
using Gryt.Cli.Commands.SyncCommands.Push;
using Gryt.Cli.Commands.SyncCommands.Status;

namespace Gryt.Cli.Commands.SyncCommands;

internal static class SyncCommand
{
    public static Command Create(CliEnvironment environment) => new("sync", "Share this project's record with a gryt-server: config, login, push, pull, status")
    {
        ConfigCommand.Create(environment),
        LoginCommand.Create(environment),
        PushCommand.Create(environment),
        PullCommand.Create(environment),
        StatusCommand.Create(environment),
    };
}
