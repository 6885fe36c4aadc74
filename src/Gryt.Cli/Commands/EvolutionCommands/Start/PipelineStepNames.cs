using Gryt.Cli.Commands.PipelineCommands;
using Gryt.Pipelines.Loading;
using Gryt.Project;

namespace Gryt.Cli.Commands.EvolutionCommands.Start;

/// <summary>Step names of the project's pipelines (YAML read, C# described without running), for policy checks.</summary>
internal sealed class PipelineStepNames(GrytProject project, CliEnvironment environment)
{
    /// <summary>The steps of pipeline <paramref name="name"/>, or null when no such pipeline exists.
    /// A pipeline that exists but is invalid stops the caller with its file:line error.</summary>
    public async Task<IReadOnlyList<string>?> OfAsync(string name, CancellationToken cancellationToken)
    {
        PipelineSource source;
        try
        {
            source = PipelineCatalog.Find(project, name, project.Root);
        }
        catch (NotFoundException)
        {
            return null;
        }

        return (await environment.InspectAsync(source, project, cancellationToken)).Steps.Select(s => s.Name).ToList();
    }

    /// <summary>The steps of pipeline <paramref name="name"/>; one that does not exist is not found,
    /// one that does not validate is bad input (file:line).</summary>
    public async Task<IReadOnlyList<string>?> RequireAsync(string name, CancellationToken cancellationToken) =>
        (await environment.InspectAsync(PipelineCatalog.Find(project, name, project.Root), project, cancellationToken)).Steps.Select(s => s.Name).ToList();
}
