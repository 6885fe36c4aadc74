using Gryt.Pipelines.Hosting;
using Gryt.Project;

namespace Gryt.Pipelines.Loading;

/// <summary>
/// Reads the pipeline files <see cref="PipelineCatalog"/> finds: into their description (list, show,
/// validate, dry runs, policy checks) or, for a YAML file, into the pipeline whose hooks fire outside a run.
/// </summary>
internal static class PipelineFiles
{
    /// <summary>The description of a pipeline file of either format; a C# file is built and asked (see <see cref="CSharpPipelineFile"/>).
    /// With <paramref name="commands"/> a YAML file's built-in steps carry their exact commands (a C# file's always do).</summary>
    public static async Task<PipelineInfo> InspectAsync(
        PipelineSource source, GrytProject project, Func<string, string?> variable, string? packageSource, IRuntime runtime, CSharpAppCache cache,
        Action<string>? onCompile = null, bool commands = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(project);
        var shown = project.Shown(source.Path);
        if (source.Format == PipelineFormat.Yaml)
        {
            return PipelineInfo.From(YamlPipelineLoader.Load(source.Path, shown, variable, VariableMode.Keep), commands ? project.Root : null);
        }

        var info = await CSharpPipelineFile.DescribeAsync(
            source.Path, shown, project.Root, packageSource, runtime, cache, onCompile, cancellationToken).ConfigureAwait(false);
        if (info.Name != source.Name)
        {
            throw new InvalidInputException($"{shown}: the pipeline is named '{info.Name}' but its file is {Path.GetFileName(source.Path)}: the names must match");
        }

        return info;
    }

    /// <summary>
    /// The YAML pipeline named <paramref name="name"/> (a generation's pipeline template), loaded to fire
    /// its hooks; null when it does not exist or is a C# pipeline, whose hooks live in its own process.
    /// </summary>
    public static Pipeline? LoadForHooks(GrytProject project, string name, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(project);
        PipelineSource source;
        try
        {
            source = PipelineCatalog.Find(project, name, project.Root);
        }
        catch (NotFoundException)
        {
            return null;
        }

        return source.Format == PipelineFormat.Yaml
            ? YamlPipelineLoader.Load(source.Path, project.Shown(source.Path), variable, VariableMode.Require)
            : null;
    }

    /// <summary>
    /// Where <c>dotnet run</c> may restore the Gryt package from without network: GRYT_PACKAGE_SOURCE,
    /// else a <c>feed/</c> folder in <paramref name="toolFolder"/> (the gryt tool's, when it was installed with one).
    /// </summary>
    public static string? PackageSource(Func<string, string?> variable, string toolFolder)
    {
        ArgumentNullException.ThrowIfNull(variable);
        if (variable(PipelineHostEnvironment.PackageSource) is { Length: > 0 } source) return Path.GetFullPath(source);
        var beside = Path.Combine(toolFolder, "feed");
        return Directory.Exists(beside) ? beside : null;
    }
}
