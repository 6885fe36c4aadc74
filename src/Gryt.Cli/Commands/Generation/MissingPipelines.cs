using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Pipelines.Loading;
using Gryt.Project;

namespace Gryt.Cli.Commands.Generation;

/// <summary>
/// Warns about changes of a draft generation whose pipeline (the change's <c>pipeline</c>, else the
/// generation's <c>pipeline_template</c>) has no file: <c>evolution start</c> would refuse them.
/// Only existence is checked; building a C# pipeline is left to <c>evolution start</c>.
/// </summary>
internal static class MissingPipelines
{
    /// <summary>The changes of a draft generation whose pipeline has no file, by pipeline.</summary>
    public static IReadOnlyList<IGrouping<string, Change>> Of(GrytProject project, Gryt.Generation generation, IReadOnlyList<Change> changes) =>
        generation.Status != GenerationStatus.Draft ? [] : changes
            .Where(c => (c.Pipeline ?? generation.PipelineTemplate) is not null)
            .GroupBy(c => (c.Pipeline ?? generation.PipelineTemplate)!, StringComparer.Ordinal)
            .Where(group => !Exists(project, group.Key))
            .ToList();

    public static void Warn(Output output, GrytProject project, IReadOnlyList<IGrouping<string, Change>> missing)
    {
        foreach (var group in missing)
        {
            output.Warn($"pipeline '{group.Key}' of {string.Join(", ", group.Select(c => c.ChangeId))} does not exist: evolution start will refuse it; "
                + EvolutionService.PipelineFileToCreate(project, group.Key));
        }
    }

    private static bool Exists(GrytProject project, string pipeline)
    {
        try
        {
            PipelineCatalog.Find(project, pipeline, project.Root);
            return true;
        }
        catch (NotFoundException)
        {
            return false;
        }
        catch (InvalidInputException)
        {
            return true; // ambiguous or not a pipeline file: it exists, and evolution start says what is wrong
        }
    }
}
