using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Snapshots;

namespace Gryt.Cli.Commands.AuditCommands.Snapshot;

internal sealed record SnapshotOptions(string? Label, bool Json);

internal static class SnapshotCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var label = new Option<string>("--label", "-l") { Description = "A label to find the snapshot by, e.g. before-migration" };
        var json = CommonOptions.Json();
        var command = new Command("snapshot", "Take a consistent copy of the database (SQLite backup API) into .gryt/snapshots/") { label, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new SnapshotOptions(result.GetValue(label), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(SnapshotOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var snapshot = new SnapshotService(session.Project, session.Database, session.Context).Take(SnapshotReasons.Manual, options.Label);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer => SnapshotJson.Write(writer, snapshot));
            return ExitCodes.Ok;
        }

        output.Done($"snapshot {snapshot.SnapshotId} taken" + (snapshot.Label is null ? "" : $" ({snapshot.Label})")
            + $": {SnapshotJson.Size(snapshot.SizeBytes)}, integrity {snapshot.Integrity}");
        output.Note($"restore it with: gryt audit rollback {snapshot.SnapshotId}");
        return ExitCodes.Ok;
    }
}
