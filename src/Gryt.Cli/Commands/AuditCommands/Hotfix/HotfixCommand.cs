using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Git;
using Gryt.Promotion;

namespace Gryt.Cli.Commands.AuditCommands.Hotfix;

internal sealed record HotfixOptions(string BaseVersion, string Issue, string? Title, bool Json);

internal static class HotfixCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var baseVersion = CommonOptions.Version("The promoted release to fix, e.g. v2.1.0");
        var issue = new Option<string>("--issue", "-i") { Description = "The issue id, which becomes the fix change's id, e.g. CRIT-99", Required = true };
        var title = new Option<string>("--title", "-t") { Description = "One line saying what the fix does" };
        var json = CommonOptions.Json();
        var command = new Command("hotfix", "Create a hotfix generation: the next free patch version with one fix change") { baseVersion, issue, title, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(
            new HotfixOptions(result.GetValue(baseVersion)!, result.GetValue(issue)!, result.GetValue(title), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(HotfixOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var created = new HotfixService(session.Project, session.Database, session.Context, new GitClient(session.Project.Root))
            .Create(options.BaseVersion, options.Issue, options.Title);
        var output = new Output(environment);
        var version = created.Generation.Version;
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("version", version);
                writer.WriteString("generation_id", created.Generation.GenerationId);
                writer.WriteString("hotfix_of", created.BaseVersion);
                writer.WriteString("issue", created.IssueId);
                writer.WriteString("title", created.Title);
                writer.WriteString("file", session.Project.Shown(created.FilePath));
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done($"hotfix {version} created from {created.BaseVersion} for {created.IssueId}: {session.Project.Shown(created.FilePath)}");
        output.Note($"next: gryt evolution start {version} --change {created.IssueId}, run its pipeline, then gryt audit hotfix-promote {version}");
        return ExitCodes.Ok;
    }
}
