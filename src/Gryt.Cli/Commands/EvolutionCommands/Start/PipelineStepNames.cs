using Gryt.Cli.Commands.PipelineCommands;
using Gryt.Pipelines.Loading;
using Gryt.Project;

namespace Gryt.Cli.Commands.EvolutionCommands.Start;

/// <summary>Step names of the project's pipelines (YAML read, C# described without running), for policy checks.</summary>
internal sealed class PipelineStepNames(GrytProject project, CliEnvironment environment)
{
    /// <summary>The steps of pipeline <paramref name="name"/>, or null when no such pipeline exists.
    /// A pipeline that exists but is invalid stops the caller with its file:line error.</summary>
    public IReadOnlyList<string>? Of(string name)
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

        return environment.Inspect(source, project).Steps.Select(s => s.Name).ToList();
    }

    /// <summary>The steps of pipeline <paramref name="name"/>; one that does not exist is not found,
    /// one that does not validate is bad input (file:line).</summary>
    public IReadOnlyList<string> Require(string name) =>
        environment.Inspect(PipelineCatalog.Find(project, name, project.Root), project).Steps.Select(s => s.Name).ToList();
}
