using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Project;

namespace Gryt.Cli.Commands.GenerationCommands;

/// <summary>Warns about changes whose pipeline has no file (<see cref="EvolutionService.ChangesWithoutPipelineFile"/>).</summary>
internal static class MissingPipelines
{
    public static void Warn(Output output, GrytProject project, IReadOnlyList<IGrouping<string, Change>> missing)
    {
        foreach (var group in missing)
        {
            output.Warn($"pipeline '{group.Key}' of {string.Join(", ", group.Select(c => c.ChangeId))} does not exist: evolution start will refuse it; "
                + EvolutionService.PipelineFileToCreate(project, group.Key));
        }
    }
}
