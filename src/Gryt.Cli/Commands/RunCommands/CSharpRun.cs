using Gryt.Cli.Commands.PipelineCommands;
using Gryt.Cli.Rendering;
using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Loading;

namespace Gryt.Cli.Commands.RunCommands;

/// <summary>
/// <c>gryt run</c> of a C# pipeline: the file is built and described first (a file that does not
/// build is bad input, exit 2), then run with <c>dotnet run</c>; it records its run under the id
/// gryt gives it, and gryt reads the outcome back from the database.
/// </summary>
internal static class CSharpRun
{
    public static async Task<int> RunAsync(RunOptions options, PipelineSource source, ProjectSession session, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var project = session.Project;
        var shown = project.Shown(source.Path);
        using var stop = StopSignals.Link(cancellationToken);
        var info = await environment.InspectAsync(source, project, stop.Token);
        if (options.DryRun)
        {
            RunProgress.WritePlan(environment.Out, info, shown);
            return ExitCodes.Ok;
        }

        var output = new Output(environment);
        var binding = EvolutionBinding.Begin(options, source.Name, session, output, environment.Variable);
        var runId = binding.RunId;
        var variables = new Dictionary<string, string>
        {
            [PipelineHostEnvironment.Database] = project.DatabasePath,
            [PipelineHostEnvironment.RunId] = runId,
            [PipelineHostEnvironment.RepositoryRoot] = project.Root,
            [PipelineHostEnvironment.LogsFolder] = project.LogsFolder,
            [PipelineHostEnvironment.PipelinePath] = shown,
            [PipelineHostEnvironment.Actor] = session.Context.Actor,
        };
        if (binding.Evolution is { } evolution)
        {
            variables[PipelineHostEnvironment.EvolutionId] = evolution.EvolutionId;
            variables[PipelineHostEnvironment.GenerationId] = evolution.GenerationId;
        }

        // Describing it built the file into the cache: its app starts directly.
        var (fileName, arguments) = CSharpPipelineFile.Command(source.Path, [], environment.PackageSource, CSharpAppCache.For(project));
        var spec = new ProcessSpec(fileName, arguments, project.Root, CSharpPipelineFile.Environment(variables));

        int exitCode;
        var interrupted = false;
        binding.StartLive();
        try
        {
            exitCode = await new ProcessRuntime().RunAsync(spec, environment.Out.WriteLine, stop.Token);
        }
        catch (OperationCanceledException)
        {
            interrupted = true;
            exitCode = ExitCodes.Interrupted;
        }

        // A pipeline process killed before it could close its run leaves it "running": close it now.
        PipelineRuns.RecoverInterrupted(session.Database, environment.Clock);
        var status = PipelineRuns.Status(session.Database, runId);
        switch (status)
        {
            case RunStatus.Pass:
                output.Done($"{source.Name} passed");
                await binding.CompleteAsync(RunStatus.Pass, cancellationToken: cancellationToken);
                return ExitCodes.Ok;
            case RunStatus.Interrupted:
                environment.Out.WriteLine($"■ {source.Name} was interrupted");
                await binding.CompleteAsync(RunStatus.Interrupted, cancellationToken: cancellationToken);
                return ExitCodes.Interrupted;
            case RunStatus.Fail:
                environment.Out.WriteLine($"✗ {source.Name} failed");
                await binding.CompleteAsync(RunStatus.Fail, cancellationToken: cancellationToken);
                // The pipeline process says 5 when a log or record could not be written (a full disk).
                return exitCode == PipelineResult.FaultExitCode ? ExitCodes.Environment : ExitCodes.CheckFailed;
            default:
                binding.Abandon();
                if (interrupted) return ExitCodes.Interrupted;
                throw new InvalidInputException(
                    $"{shown} exited with code {exitCode} without running its pipeline",
                    "end the file with: return await PipelineHost.RunAsync(pipeline, args);");
        }
    }
}
