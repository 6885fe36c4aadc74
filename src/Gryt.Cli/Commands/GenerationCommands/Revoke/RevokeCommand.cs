using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Git;
using Gryt.Promotion;

namespace Gryt.Cli.Commands.GenerationCommands.Revoke;

internal sealed record RevokeOptions(string Version, string? Reason, bool Json);

internal static class RevokeCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version("The promoted release to withdraw, e.g. v2.1.0");
        var reason = new Option<string?>("--reason") { Description = "Why the release is withdrawn (required; kept in the record and the audit log)", HelpName = "TEXT" };
        var json = CommonOptions.Json();
        var command = new Command("revoke", "Withdraw a promoted release: it becomes revoked; its tag stays") { version, reason, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new RevokeOptions(result.GetValue(version)!, result.GetValue(reason), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(RevokeOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var result = new PromotionService(session.Project, session.Database, session.Context, new GitClient(session.Project.Root))
            .Revoke(options.Version, options.Reason);
        var generation = result.Generation;
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                GenerationJson.WriteFields(writer, generation);
                writer.WriteString("tag", result.Tag);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done($"Revoked {generation.Version}: {result.Reason}");
        output.Line($"  the tag {result.Tag} stays (gryt never moves tags); ship fixes in a hotfix (gryt audit hotfix {generation.Version} -i ID) or the next version");
        return ExitCodes.Ok;
    }
}
