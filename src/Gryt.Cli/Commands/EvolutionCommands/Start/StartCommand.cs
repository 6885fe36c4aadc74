using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Evolutions;
using Gryt.Git;

namespace Gryt.Cli.Commands.EvolutionCommands.Start;

internal sealed record StartOptions(string Version, IReadOnlyList<string> Changes, string? Pipeline);

internal static class StartCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version();
        var changes = new Option<string[]>("--change", "-c") { Description = "A change to prove (repeat for several)", Required = true, AllowMultipleArgumentsPerToken = false };
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "The pipeline that will prove it (default: the change's pipeline, else the generation's pipeline_template)" };
        var command = new Command("start", "Start an evolution: the next release candidate, proving the given changes") { version, changes, pipeline };
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new StartOptions(result.GetValue(version)!, result.GetValue(changes) ?? [], result.GetValue(pipeline)), environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(StartOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var service = new EvolutionService(session.Project, session.Database, session.Context, new GitClient(session.Project.Root))
        {
            Sync = new Sync.SyncHooks(session.Project, session.Database, session.Context, environment.Variable),
        };
        var catalog = new PipelineStepNames(session.Project, environment);
        var started = await service.StartAsync(options.Version, options.Changes, options.Pipeline, catalog.RequireAsync, cancellationToken);

        output.Synced(started.Synced, session.Project);
        foreach (var warning in started.Warnings) output.Warn(warning);

        foreach (var tag in started.Interrupted) output.Warn($"evolution {tag} was still pending; closed it as interrupted");
        var evolution = started.Evolution;
        output.Done(evolution.Tag);
        output.Line($"  proves: {string.Join(", ", evolution.ChangeIds)}");
        output.Line($"  next:   gryt run {evolution.PipelineName ?? "PIPELINE"}");
        return ExitCodes.Ok;
    }
}
