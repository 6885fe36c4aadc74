using System.Text;
using System.Text.Json;
using Gryt.Pipelines;
using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Loading;
using Gryt.Project;

namespace Gryt;

/// <summary>
/// The entry point of a C# pipeline file (a .NET file-based app): end the file with
/// <c>return await PipelineHost.RunAsync(pipeline, args);</c>. With <c>--gryt-describe</c> it
/// prints the pipeline's description and runs nothing; otherwise it runs the pipeline with
/// <see cref="ProcessRuntime"/>, recording into the database gryt names (<c>GRYT_DB</c>, else the
/// project found from the current folder) and binding to the ids gryt passes.
/// </summary>
public static class PipelineHost
{
    /// <summary>
    /// Runs as the process's entry point: this is the one place the library writes to the
    /// console, because here it is the program. Returns the exit code (0 pass, 1 fail, 130 interrupted).
    /// </summary>
    public static Task<int> RunAsync(Pipeline pipeline, string[] args) =>
        RunAsync(pipeline, args, Console.Out, System.Environment.GetEnvironmentVariable, Directory.GetCurrentDirectory(), CancellationToken.None);

    internal static async Task<int> RunAsync(
        Pipeline pipeline, IReadOnlyList<string> args, TextWriter output, Func<string, string?> variable, string workingDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(variable);

        if (args.Contains(PipelineHostEnvironment.DescribeArgument))
        {
            // The steps' commands are planned where a run would put them: the project's root.
            var root = Empty(variable(PipelineHostEnvironment.RepositoryRoot))
                ?? GrytProject.TryFind(workingDirectory, variable(PipelineHostEnvironment.Database))?.Root
                ?? workingDirectory;
            output.WriteLine(PipelineHostEnvironment.DescribePrefix + Describe(pipeline, root));
            return 0;
        }

        var project = GrytProject.TryFind(workingDirectory, variable(PipelineHostEnvironment.Database));
        using var data = project is null ? null : new SqliteData(project.DatabasePath);
        using var stop = StopSignals.Link(cancellationToken);
        var options = new PipelineRunOptions
        {
            RunId = Empty(variable(PipelineHostEnvironment.RunId)),
            EvolutionId = Empty(variable(PipelineHostEnvironment.EvolutionId)),
            GenerationId = Empty(variable(PipelineHostEnvironment.GenerationId)),
            RepositoryRoot = Empty(variable(PipelineHostEnvironment.RepositoryRoot)) ?? project?.Root,
            LogsFolder = Empty(variable(PipelineHostEnvironment.LogsFolder)) ?? project?.LogsFolder,
            PipelinePath = Empty(variable(PipelineHostEnvironment.PipelinePath)),
            Actor = Empty(variable(PipelineHostEnvironment.Actor)),
            CiUrl = Ci.CiPlatform.Detect(variable)?.RunUrl,
            Observer = new TextProgress(output),
        };
        var result = await pipeline.ExecuteAsync(new ProcessRuntime(), data, options, stop.Token).ConfigureAwait(false);
        if (result.Message is not null) output.WriteLine("warning: " + result.Message);
        output.WriteLine($"{result.PipelineName} {result.Status.ToWord()} in {result.Duration.TotalSeconds:0.0}s");
        return result.ExitCode;
    }

    /// <summary>The pipeline's description as one line of JSON (what <c>--gryt-describe</c> prints after its prefix).</summary>
    internal static string Describe(Pipeline pipeline, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            PipelineInfo.From(pipeline, root).WriteJson(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Plain progress lines, as <c>gryt run</c> prints them off a terminal.</summary>
    private sealed class TextProgress(TextWriter output) : IPipelineObserver
    {
        private readonly Lock _gate = new();

        public void RunStarted(string runId, Pipeline pipeline)
        {
            lock (_gate) output.WriteLine($"Running {pipeline.Name} (run {runId})");
        }

        public void StepStarted(string stepName, int attempt)
        {
            lock (_gate) output.WriteLine(attempt == 1 ? $"▶ {stepName}" : $"▶ {stepName} (attempt {attempt})");
        }

        public void StepFinished(StepResult result)
        {
            lock (_gate)
            {
                output.WriteLine(StepLines.Summary(result));
                if (result.Status == StepStatus.Fail) StepLines.WriteTail(output, result, path => path, "    ");
            }
        }

        public void HookFailed(HookFailure failure)
        {
            lock (_gate) output.WriteLine($"warning: destination {failure.Destination} failed on {failure.Event}: {failure.Message}");
        }
    }
}
