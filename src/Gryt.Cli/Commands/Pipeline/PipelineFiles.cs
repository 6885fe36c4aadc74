using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Loading;
using Gryt.Project;

namespace Gryt.Cli.Commands.Pipeline;

/// <summary>Reads a pipeline file of either format into its description, for list, show, validate and dry runs.</summary>
internal static class PipelineFiles
{
    public static PipelineInfo Inspect(PipelineSource source, GrytProject project, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var shown = project.Shown(source.Path);
        if (source.Format == PipelineFormat.Yaml)
        {
            return PipelineInfo.From(YamlPipelineLoader.Load(source.Path, shown, environment.Variable, VariableMode.Keep));
        }

        var info = CSharpPipelineFile.DescribeAsync(source.Path, shown, project.Root, PackageSource(environment), new LocalRuntime(), cancellationToken)
            .GetAwaiter().GetResult();
        if (info.Name != source.Name)
        {
            throw new InvalidInputException($"{shown}: the pipeline is named '{info.Name}' but its file is {Path.GetFileName(source.Path)}: the names must match");
        }

        return info;
    }

    /// <summary>
    /// Where <c>dotnet run</c> may restore the Gryt package from without network: GRYT_PACKAGE_SOURCE,
    /// else a <c>feed/</c> folder next to the gryt tool when it was installed with one.
    /// </summary>
    public static string? PackageSource(CliEnvironment environment)
    {
        if (environment.Variable(PipelineHostEnvironment.PackageSource) is { Length: > 0 } source) return Path.GetFullPath(source);
        var beside = Path.Combine(AppContext.BaseDirectory, "feed");
        return Directory.Exists(beside) ? beside : null;
    }
}
