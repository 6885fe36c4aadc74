using Gryt.Project;

namespace Gryt.Pipelines.Loading;

/// <summary>
/// Finds pipelines: <c>.gryt/pipelines/NAME.yaml</c>, <c>NAME.yml</c> or <c>NAME.cs</c>, by name
/// (with or without extension) or by path.
/// </summary>
internal static class PipelineCatalog
{
    private static readonly (string Extension, PipelineFormat Format)[] Extensions =
        [(".yaml", PipelineFormat.Yaml), (".yml", PipelineFormat.Yaml), (".cs", PipelineFormat.CSharp)];

    /// <summary>Every pipeline file in the project's pipelines folder, by name.</summary>
    public static IReadOnlyList<PipelineSource> List(GrytProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        if (!Directory.Exists(project.PipelinesFolder)) return [];
        return Directory.EnumerateFiles(project.PipelinesFolder)
            .Select(ToSource)
            .OfType<PipelineSource>()
            .OrderBy(s => s.Name, StringComparer.Ordinal)
            .ThenBy(s => s.Path, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// The pipeline <paramref name="nameOrPath"/> names: a name in the pipelines folder (an extension
    /// may be given), else an existing file path (relative to <paramref name="workingDirectory"/>).
    /// </summary>
    public static PipelineSource Find(GrytProject project, string nameOrPath, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(nameOrPath);
        // Typed by users (`gryt pipeline validate ""`), so a usage error rather than a bug (found by the fuzz tests).
        if (string.IsNullOrWhiteSpace(nameOrPath)) throw new InvalidInputException("the pipeline name is empty", "name a pipeline: gryt pipeline list shows them");

        var isPlainName = nameOrPath.IndexOfAny(['/', '\\']) < 0;
        if (isPlainName)
        {
            var withExtension = ToSource(Path.Combine(project.PipelinesFolder, nameOrPath));
            if (withExtension is not null && File.Exists(withExtension.Path)) return withExtension;

            var found = Extensions
                .Select(e => Path.Combine(project.PipelinesFolder, nameOrPath + e.Extension))
                .Where(File.Exists)
                .ToList();
            if (found.Count > 1)
            {
                throw new InvalidInputException(
                    $"pipeline '{nameOrPath}' is ambiguous: {string.Join(" and ", found.Select(project.Shown))} both exist",
                    "name the file with its extension, e.g. gryt run " + Path.GetFileName(found[0]));
            }

            if (found.Count == 1) return ToSource(found[0])!;
        }

        var path = Path.GetFullPath(Path.Combine(workingDirectory, nameOrPath));
        if (File.Exists(path))
        {
            return ToSource(path) ?? throw new InvalidInputException(
                $"{nameOrPath} is not a pipeline file: pipelines end in .yaml, .yml or .cs");
        }

        var known = List(project).Select(s => Path.GetFileName(s.Path)).ToList();
        throw new NotFoundException(
            $"no pipeline named '{nameOrPath}' in {project.Shown(project.PipelinesFolder)}",
            known.Count == 0 ? "no pipelines exist yet: add .gryt/pipelines/NAME.yaml" : "pipelines: " + string.Join(", ", known));
    }

    private static PipelineSource? ToSource(string path)
    {
        foreach (var (extension, format) in Extensions)
        {
            if (path.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                var name = Path.GetFileName(path)[..^extension.Length];
                return name.Length == 0 ? null : new PipelineSource(name, Path.GetFullPath(path), format);
            }
        }

        return null;
    }
}
