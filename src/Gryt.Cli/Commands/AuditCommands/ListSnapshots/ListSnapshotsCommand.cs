using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Project;
using Gryt.Snapshots;
using Gryt.Storage;

namespace Gryt.Cli.Commands.AuditCommands.ListSnapshots;

internal sealed record ListSnapshotsOptions(bool Json);

internal static class ListSnapshotsCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("list-snapshots", "List the database snapshots, newest first") { json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new ListSnapshotsOptions(result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(ListSnapshotsOptions options, CliEnvironment environment)
    {
        var output = new Output(environment);
        IReadOnlyList<SnapshotInfo> snapshots;
        try
        {
            using var session = ProjectSession.Open(environment);
            snapshots = new SnapshotService(session.Project, session.Database, session.Context).List();
        }
        catch (DamagedDatabaseException ex)
        {
            // The recovery path starts here: the sidecar files alone still say what can be restored.
            var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
            snapshots = SnapshotService.ListFromSidecars(project);
            output.Warn($"{ex.Message}; listing the snapshots from their metadata files in {project.Shown(project.SnapshotsFolder)}/");
        }

        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("snapshots");
                foreach (var snapshot in snapshots) SnapshotJson.Write(writer, snapshot);
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (snapshots.Count == 0)
        {
            output.Line("no snapshots yet");
            output.Note("take one with: gryt audit snapshot --label NAME");
            return ExitCodes.Ok;
        }

        var table = new TableView("ID", "LABEL", "REASON", "CREATED", "SIZE", "INTEGRITY")
        {
            Style = (column, cell) => column == 5 ? (cell == "ok" ? "green" : "red") : null,
        };
        foreach (var snapshot in snapshots)
        {
            table.Add(snapshot.SnapshotId, snapshot.Label ?? "-", snapshot.Reason, Output.Time(snapshot.CreatedAt), SnapshotJson.Size(snapshot.SizeBytes),
                snapshot.FileExists ? snapshot.Integrity : "file missing");
        }

        output.Table(table);
        return ExitCodes.Ok;
    }
}
