using Gryt.Evolutions;
using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;

namespace Gryt.Cli.Commands.GenerationCommands.Update;

internal sealed record UpdateOptions(string Version);

internal static class UpdateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version();
        var command = new Command("update", "Sync the edited generation file into the database") { version };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new UpdateOptions(result.GetValue(version)!), environment)));
        return command;
    }

    public static int Run(UpdateOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var contracts = new ContractService(session.Project, session.Database, session.Context);
        var result = contracts.Sync(options.Version);
        var output = new Output(environment);
        Report(output, result, session.Project.Shown(result.FilePath));
        MissingPipelines.Warn(output, session.Project, EvolutionService.ChangesWithoutPipelineFile(session.Project, result.Generation, contracts.Show(options.Version).Changes));
        return ExitCodes.Ok;
    }

    internal static void Report(Output output, SyncResult result, string shownPath)
    {
        var version = result.Generation.Version;
        if (result.Created) output.Done($"Created generation {version} from {shownPath} ({Counted.Of(result.Added.Count, "change")})");
        else if (!result.ChangedAnything) output.Done($"Generation {version} is up to date with {shownPath}");
        else output.Done($"Updated generation {version} from {shownPath} (revision {result.Generation.Revision})");

        if (result.Created) return;
        foreach (var id in result.Added) output.Line("  + " + id);
        foreach (var id in result.Edited) output.Line("  ~ " + id);
        foreach (var id in result.Removed) output.Line("  - " + id);
    }
}
