using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Promotion;
using Gryt.Sync;

namespace Gryt.Cli.Commands.GenerationCommands.Approve;

internal sealed record ApproveOptions(string Version, bool Json);

internal static class ApproveCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version("The draft to approve, as its contract is now, e.g. v2.1.0");
        var json = CommonOptions.Json();
        var command = new Command("approve", "Approve a draft's contract for promotion (promotion.approvals: N); with a sync server by your key, else by your git identity, unauthenticated") { version, json };
        command.SetHandler(environment, (result, token) => RunAsync(new ApproveOptions(result.GetValue(version)!, result.GetValue(json)), environment, token));
        return command;
    }

    public static async Task<int> RunAsync(ApproveOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var recorded = await new Approvals(session.Project, session.Database, session.Context, new SyncHooks(session.Project, session.Database, session.Context, environment.Variable))
            .ApproveAsync(options.Version, cancellationToken);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("version", recorded.Version);
                writer.WriteString("approved_by", recorded.ApprovedBy);
                writer.WriteBoolean("authenticated", recorded.Authenticated);
                if (recorded.ServerRevision is { } revision) writer.WriteNumber("server_revision", revision);
                else writer.WriteNull("server_revision");
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done(recorded.Authenticated
            ? $"{recorded.Version} approved by {recorded.ApprovedBy} on the sync server (revision {recorded.ServerRevision})"
            : $"{recorded.Version} approved by {recorded.ApprovedBy} (no sync server: recorded with your git identity, unauthenticated)");
        return ExitCodes.Ok;
    }
}
