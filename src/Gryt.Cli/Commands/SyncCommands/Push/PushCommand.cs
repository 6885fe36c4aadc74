using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Sync;

namespace Gryt.Cli.Commands.SyncCommands.Push;

internal sealed record PushOptions(string? Version, bool Evolutions, bool Json);

internal static class PushCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = new Option<string?>("--version") { Description = "Push only this generation's contract and records", HelpName = "V" };
        var evolutions = new Option<bool>("--evolutions") { Description = "Push only finished evolutions with their runs, steps and metrics (no contracts)" };
        var json = CommonOptions.Json();
        var command = new Command("push", "Send contracts (by revision) and records (by id and hash) to the server; pushing twice is harmless") { version, evolutions, json };
        command.SetHandler(environment, (result, token) => RunAsync(new PushOptions(result.GetValue(version), result.GetValue(evolutions), result.GetValue(json)), environment, token));
        return command;
    }

    public static async Task<int> RunAsync(PushOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var result = await new SyncService(session.Project, session.Database, session.Context, environment.Variable)
            .PushAsync(options.Version, options.Evolutions, cancellationToken);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("server", result.Server);
                writer.WriteString("project", result.Project);
                writer.WriteStartArray("contracts");
                foreach (var c in result.Contracts)
                {
                    writer.WriteStartObject();
                    writer.WriteString("version", c.Version);
                    writer.WriteString("outcome", c.Outcome);
                    if (c.Revision is { } revision) writer.WriteNumber("revision", revision);
                    else writer.WriteNull("revision");
                    writer.WriteString("message", c.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartObject("records");
                writer.WriteNumber("created", result.RecordsCreated);
                writer.WriteNumber("updated", result.RecordsUpdated);
                writer.WriteNumber("exists", result.RecordsExisting);
                writer.WriteNumber("unchanged", result.RecordsUnchanged);
                writer.WriteEndObject();
                writer.WriteStartObject("artifacts");
                writer.WriteNumber("pushed", result.ArtifactsPushed);
                writer.WriteNumber("not_kept", result.ArtifactsNotKept);
                writer.WriteEndObject();
                writer.WriteStartArray("conflicts");
                foreach (var conflict in result.Conflicts) writer.WriteStringValue(conflict);
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }
        else
        {
            foreach (var c in result.Contracts.Where(c => c.Outcome is "created" or "updated"))
            {
                output.Done($"{c.Version}: contract {c.Outcome}, server revision {c.Revision}");
            }

            var artifacts = result.ArtifactsPushed == 0 ? "" : $"; {Counted.Of(result.ArtifactsPushed, "artifact")} with {(result.ArtifactsPushed == 1 ? "its" : "their")} digest";
            output.Done($"Pushed to {result.Server} (project {result.Project}): {Counted.Of(result.RecordsCreated, "record")} created, {result.RecordsUpdated} updated, {result.RecordsExisting} already there, {result.RecordsUnchanged} unchanged since the last push{artifacts}");
        }

        if (result.ArtifactsNotKept > 0)
        {
            output.Warn($"the server does not keep artifact digests (it predates them): {Counted.Of(result.ArtifactsNotKept, "artifact")} not kept, offered again by the next push");
        }

        if (result.Conflicts.Count == 0) return ExitCodes.Ok;
        foreach (var conflict in result.Conflicts) environment.Err.WriteLine("gryt: error: conflict: " + conflict);
        environment.Err.WriteLine("hint: pull (gryt sync pull), resolve, and push again; everything else was pushed");
        return ExitCodes.Conflict;
    }
}
