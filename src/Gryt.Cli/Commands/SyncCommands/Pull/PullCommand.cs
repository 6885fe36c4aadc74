using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Sync;

namespace Gryt.Cli.Commands.SyncCommands.Pull;

internal sealed record PullOptions(bool Json);

internal static class PullCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("pull", "Apply what the server accepted since the last pull (contracts rewrite their files; nothing local is deleted)") { json };
        command.SetHandler(environment, (result, token) => RunAsync(new PullOptions(result.GetValue(json)), environment, token));
        return command;
    }

    public static async Task<int> RunAsync(PullOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var result = await new SyncService(session.Project, session.Database, session.Context, environment.Variable).PullAsync(cancellationToken);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("server", result.Server);
                writer.WriteString("project", result.Project);
                writer.WriteNumber("cursor", result.Cursor);
                writer.WriteNumber("items", result.Items);
                writer.WriteNumber("records_applied", result.RecordsApplied);
                writer.WriteStartArray("contracts_written");
                foreach (var version in result.ContractsWritten) writer.WriteStringValue(version);
                writer.WriteEndArray();
                writer.WriteStartArray("promotions");
                foreach (var promotion in result.Promotions) writer.WriteStringValue(promotion);
                writer.WriteEndArray();
                writer.WriteStartArray("notes");
                foreach (var note in result.Notes) writer.WriteStringValue(note);
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        foreach (var note in result.Notes) output.Note(note);
        foreach (var version in result.ContractsWritten) output.Done($"{version}: contract written from the server");
        foreach (var promotion in result.Promotions) output.Done(promotion);
        output.Done($"Pulled from {result.Server} (project {result.Project}): {Counted.Of(result.Items, "change")}, {Counted.Of(result.RecordsApplied, "record")} applied; cursor {result.Cursor}");
        return ExitCodes.Ok;
    }
}
