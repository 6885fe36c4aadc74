using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Sync;

namespace Gryt.Cli.Commands.SyncCommands.Status;

internal sealed record StatusOptions(string? Version, bool Json);

internal static class StatusCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = new Option<string?>("--version") { Description = "Only this generation", HelpName = "V" };
        var json = CommonOptions.Json();
        var command = new Command("status", "Per generation: local only, synced, ahead, behind or conflict") { version, json };
        command.SetHandler(environment, (result, token) => RunAsync(new StatusOptions(result.GetValue(version), result.GetValue(json)), environment, token));
        return command;
    }

    public static async Task<int> RunAsync(StatusOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var result = await new SyncService(session.Project, session.Database, session.Context, environment.Variable).StatusAsync(options.Version, cancellationToken);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("server", result.Server);
                writer.WriteString("project", result.Project);
                writer.WriteString("mode", result.Mode);
                writer.WriteNumber("cursor", result.Cursor);
                writer.WriteBoolean("pull_pending", result.MorePending);
                writer.WriteStartArray("generations");
                foreach (var g in result.Generations)
                {
                    writer.WriteStartObject();
                    writer.WriteString("version", g.Version);
                    writer.WriteString("state", g.State);
                    Number(writer, "local_revision", g.LocalRevision);
                    Number(writer, "synced_revision", g.SyncedRevision);
                    Number(writer, "server_revision", g.ServerRevision);
                    writer.WriteNumber("unpushed_records", g.UnpushedRecords);
                    writer.WriteNumber("server_changes_to_pull", g.PendingServerItems);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.KeyValues(("server", result.Server), ("project", result.Project), ("mode", result.Mode), ("to pull", result.MorePending ? "yes (gryt sync pull)" : "nothing"));
        output.Line();
        if (result.Generations.Count == 0)
        {
            output.Line("No generations here or on the server.");
            return ExitCodes.Ok;
        }

        var table = new TableView("VERSION", "STATE", "SERVER REV", "SYNCED REV", "UNPUSHED", "TO PULL");
        foreach (var g in result.Generations)
        {
            table.Add(g.Version, g.State, Text(g.ServerRevision), Text(g.SyncedRevision), Text(g.UnpushedRecords), Text(g.PendingServerItems));
        }

        output.Table(table);
        return ExitCodes.Ok;
    }

    private static string Text(int? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-";

    private static void Number(System.Text.Json.Utf8JsonWriter writer, string name, int? value)
    {
        if (value is { } number) writer.WriteNumber(name, number);
        else writer.WriteNull(name);
    }
}
