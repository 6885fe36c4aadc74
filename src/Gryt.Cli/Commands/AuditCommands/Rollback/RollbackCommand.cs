using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Git;
using Gryt.Project;
using Gryt.Snapshots;
using Gryt.Storage;

namespace Gryt.Cli.Commands.AuditCommands.Rollback;

internal sealed record RollbackOptions(string SnapshotId, bool Yes);

internal static class RollbackCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var id = new Argument<string>("ID") { Description = "The snapshot to restore (see gryt audit list-snapshots)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation on a terminal" };
        var command = new Command("rollback", "Restore the database to a snapshot; the current state is snapshotted first, so nothing is lost") { id, yes };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new RollbackOptions(result.GetValue(id)!, result.GetValue(yes)), environment)));
        return command;
    }

    public static int Run(RollbackOptions options, CliEnvironment environment)
    {
        try
        {
            return Rollback(options, environment);
        }
        catch (DamagedDatabaseException damage)
        {
            // The database cannot be used (or snapshotted): restoring a snapshot is exactly the way out.
            var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
            var note = new Output(environment);
            note.Warn(damage.Message);
            var (restored, kept) = SnapshotService.RecoverDamaged(project, environment.Context(project.Root), options.SnapshotId);
            note.Done($"restored snapshot {restored.SnapshotId} taken {Output.Time(restored.CreatedAt)} over a damaged database");
            note.Note($"the damaged database is kept as {project.Shown(kept)}");
            using var session = ProjectSession.Open(environment);
            ReportUnrecordedPromotions(note, session);
            return ExitCodes.Ok;
        }
    }

    private static int Rollback(RollbackOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var service = new SnapshotService(session.Project, session.Database, session.Context);
        var output = new Output(environment);
        var target = service.Verify(options.SnapshotId);

        // Only a person at a terminal is asked; CI (no terminal on stdin, or CI=true) proceeds, and
        // loses nothing: the replaced state is snapshotted first.
        if (!options.Yes && output.Rich && !Console.IsInputRedirected)
        {
            environment.Out.Write($"Restore the database to snapshot {target.SnapshotId} ({Output.Time(target.CreatedAt)}{(target.Label is null ? "" : ", " + target.Label)})? The current state is kept in a new snapshot. [y/N] ");
            var answer = Console.In.ReadLine()?.Trim();
            if (answer is not ("y" or "Y" or "yes"))
            {
                output.Line("rollback cancelled; nothing changed");
                return ExitCodes.CheckFailed;
            }
        }

        var result = service.Rollback(target.SnapshotId);
        output.Done($"rolled back to snapshot {result.Restored.SnapshotId} taken {Output.Time(result.Restored.CreatedAt)}" + (result.Restored.Label is null ? "" : $" ({result.Restored.Label})"));
        output.Note($"the state it replaced is kept in snapshot {result.Before.SnapshotId}; restore it with: gryt audit rollback {result.Before.SnapshotId}");
        if (result.Before.Integrity != "ok")
        {
            output.Warn($"the replaced state failed its integrity check ({result.Before.Integrity}): snapshot {result.Before.SnapshotId} keeps it as it was, marked damaged");
        }

        ReportUnrecordedPromotions(output, session);
        return ExitCodes.Ok;
    }

    /// <summary>Releases tagged in git whose promotion the restored database no longer records.</summary>
    private static void ReportUnrecordedPromotions(Output output, ProjectSession session)
    {
        var lost = new SnapshotService(session.Project, session.Database, session.Context).UnrecordedPromotions(new GitClient(session.Project.Root));
        foreach (var (version, tag) in lost)
        {
            output.Warn($"release {version} is tagged in git ({tag}) but the restored database does not record its promotion; restore the record with: gryt generation promote {version}");
        }
    }
}
