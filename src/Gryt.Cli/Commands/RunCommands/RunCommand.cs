using System.CommandLine;
using Gryt.Ci;
using Gryt.Cli.Commands.PipelineCommands;
using Gryt.Cli.Rendering;
using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Loading;
using Spectre.Console;

namespace Gryt.Cli.Commands.RunCommands;

internal sealed record RunOptions(string Name, bool NoEvolution, bool DryRun, string? Evolution)
{
    /// <summary>A run on a tree with uncommitted changes may prove its evolution (the tag says so).</summary>
    public bool AllowDirty { get; init; }
}

internal static class RunCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Argument<string>("NAME") { Description = "The pipeline: NAME of .gryt/pipelines/NAME.yaml, NAME.yml or NAME.cs, or a path" };
        var noEvolution = new Option<bool>("--no-evolution") { Description = "Do not bind the run to the active evolution" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the steps in order with their needs and the exact commands of built-in steps, and run nothing" };
        var evolution = new Option<string?>("--evolution") { Description = "Bind the run to this evolution, e.g. v2.1.0-rc.3", HelpName = "TAG" };
        var allowDirty = new Option<bool>("--allow-dirty") { Description = "Let a run on uncommitted changes to tracked files prove the evolution (its tag says so)" };
        var command = new Command("run", "Run a pipeline with live progress and record it") { name, noEvolution, dryRun, evolution, allowDirty };
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(
            new RunOptions(result.GetValue(name)!, result.GetValue(noEvolution), result.GetValue(dryRun), result.GetValue(evolution)) { AllowDirty = result.GetValue(allowDirty) },
            environment,
            cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(RunOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        if (options.Evolution is not null && options.NoEvolution)
        {
            throw new InvalidInputException("--evolution and --no-evolution contradict each other");
        }

        using var session = ProjectSession.Open(environment);
        var project = session.Project;
        var source = PipelineCatalog.Find(project, options.Name, environment.WorkingDirectory);
        var output = new Output(environment);

        if (source.Format == PipelineFormat.CSharp)
        {
            return await CSharpRun.RunAsync(options, source, session, environment, cancellationToken);
        }

        var shown = project.Shown(source.Path);
        var pipeline = YamlPipelineLoader.Load(source.Path, shown, environment.Variable, VariableMode.Require);
        if (options.DryRun)
        {
            RunProgress.WritePlan(environment.Out, PipelineInfo.From(pipeline, project.Root), shown,
                PublishPlans.Of(pipeline, project.Root, GrytHost.Current.Environment));
            return ExitCodes.Ok;
        }

        var binding = EvolutionBinding.Begin(options, source.Name, session, output, environment.Variable);
        var ci = CiPlatform.Detect(environment.Variable);

        using var data = new SqliteData(session.Database);
        using var stop = StopSignals.Link(cancellationToken);
        var runOptions = new PipelineRunOptions
        {
            RunId = binding.RunId,
            EvolutionId = binding.Evolution?.EvolutionId,
            GenerationId = binding.Evolution?.GenerationId,
            RepositoryRoot = project.Root,
            LogsFolder = project.LogsFolder,
            PipelinePath = shown,
            Actor = session.Context.Actor,
            CiUrl = ci?.RunUrl,
            Clock = environment.Clock,
        };

        PipelineResult result;
        binding.StartLive();
        try
        {
        if (output.Rich)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(environment.Out),
                Ansi = AnsiSupport.Yes,
                ColorSystem = ColorSystemSupport.Detect,
                Interactive = InteractionSupport.No,
            });
            var live = new LiveRunProgress(console);
            result = await live.ShowAsync(pipeline.ExecuteAsync(new ProcessRuntime(), data, runOptions with { Observer = live }, stop.Token));
            foreach (var failed in result.Steps.Where(s => s.Status == StepStatus.Fail))
            {
                environment.Out.WriteLine($"{RunProgress.Summary(failed)}");
                RunProgress.WriteTail(environment.Out, failed, project.Shown, "    ");
            }

            foreach (var failure in live.HookFailures) environment.Err.WriteLine(RunProgress.HookWarning(failure));
        }
        else
        {
            var progress = new RunProgress(environment.Out, environment.Err, project.Shown, ci, environment.Clock);
            result = await pipeline.ExecuteAsync(new ProcessRuntime(), data, runOptions with { Observer = progress }, stop.Token);
        }
        }
        catch
        {
            binding.Abandon();
            throw;
        }

        var exitCode = Finish(result, output, environment, bound: binding.Evolution is not null);
        try
        {
            await binding.CompleteAsync(result.Status, pipeline, cancellationToken);
        }
        catch (Exception ex) when (result.Fault is not null && ex is Microsoft.Data.Sqlite.SqliteException or GrytEnvironmentException)
        {
            // The database could not take the run either: the next gryt recovers the evolution as interrupted.
        }

        if (result.Fault is not null) throw new GrytEnvironmentException(result.Fault, "free space or make the folder writable, then run again");
        return exitCode;
    }

    internal static int Finish(PipelineResult result, Output output, CliEnvironment environment, bool bound)
    {
        // A bound run's binding already said what a dirty tree means for its proof.
        if (result.Dirty && !bound)
        {
            output.Warn("the working tree has uncommitted changes to tracked files: the run is recorded as dirty (a tag would not name what was tested)");
        }

        if (result.Message is not null) output.Warn(result.Message);
        var line = $"{result.PipelineName} {(result.Status switch { RunStatus.Pass => "passed", RunStatus.Interrupted => "was interrupted", _ => "failed" })} in {RunProgress.Seconds(result.Duration)}";
        switch (result.Status)
        {
            case RunStatus.Pass:
                output.Done(line);
                break;
            case RunStatus.Interrupted:
                environment.Out.WriteLine("■ " + line);
                break;
            default:
                environment.Out.WriteLine("✗ " + line);
                break;
        }

        return result.ExitCode;
    }
}
