using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;

namespace Gryt.Cli.Commands.GenerationCommands.Abandon;

internal sealed record AbandonOptions(string Version, string? Reason, bool Json);

internal static class AbandonCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version("The draft that will never ship, e.g. v2.1.0");
        var reason = new Option<string?>("--reason") { Description = "Why it is abandoned (kept in the audit log)", HelpName = "TEXT" };
        var json = CommonOptions.Json();
        var command = new Command("abandon", "Close a draft that will never ship: it becomes abandoned; its file stays") { version, reason, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new AbandonOptions(result.GetValue(version)!, result.GetValue(reason), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(AbandonOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var generation = new ContractService(session.Project, session.Database, session.Context).Abandon(options.Version, options.Reason);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                GenerationJson.WriteFields(writer, generation);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done($"Abandoned {generation.Version}" + (ContractService.OneLineReason(options.Reason) is { } why ? ": " + why : ""));
        output.Line("  it can no longer be evolved or promoted; its contract file stays as a record");
        return ExitCodes.Ok;
    }
}
