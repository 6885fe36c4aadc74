using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Git;

namespace Gryt.Cli.Commands.GenerationCommands.New;

internal sealed record NewOptions(string Version, string? Description);

internal static class NewCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version("Version of the new generation, e.g. v2.1.0");
        var description = new Option<string?>("--description", "-d") { Description = "One line saying what the release is about" };
        var command = new Command("new", "Create a generation: a database row and .gryt/generations/VERSION.yaml") { version, description };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new NewOptions(result.GetValue(version)!, result.GetValue(description)), environment)));
        return command;
    }

    public static int Run(NewOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var service = new ContractService(session.Project, session.Database, session.Context);
        var (generation, path) = service.Create(options.Version, options.Description);
        var output = new Output(environment);
        output.Done($"Created generation {generation.Version}");
        output.Line($"  contract: {session.Project.Shown(path)}");
        output.Line();
        if (TaggedVersions.Find(generation, new GitClient(session.Project.Root), session.Database) is { } tagged)
        {
            output.Warn($"git tag {tagged.Tag} already exists: {generation.Version} cannot be promoted while it does; the next free version is {tagged.NextFree} " +
                $"(gryt generation abandon {generation.Version}, then gryt generation new {tagged.NextFree})");
        }

        output.Line($"Declare its changes in {session.Project.Shown(path)}, then run: gryt generation update {generation.Version}");
        return ExitCodes.Ok;
    }
}
