using Gryt.Pipelines.Internal;
using Gryt.Steps;

namespace Gryt.Pipelines.Loading;

/// <summary>What a pipeline's publish steps would publish, for <c>gryt run --dry-run</c>.</summary>
internal static class PublishPlans
{
    /// <summary>The plan lines of each publish step, by step name: files matched now in the step's folder,
    /// with their package and version, the target, and whether the credential variable is set in
    /// <paramref name="environment"/> (with the pipeline's and the step's variables over it).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(Pipeline pipeline, string repositoryRoot, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        var plans = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var step in pipeline.Steps)
        {
            if (StepCommand.BuiltIn(step) is not IPublishStep publish)
            {
                continue;
            }

            var invocation = new ToolInvocation(StepCommand.Folder(step, repositoryRoot), PipelineRunner.MergeEnvironment(environment, pipeline.Environment, step.Environment), Path.GetTempPath());
            if (publish.Plan(invocation) is not { } plan)
            {
                continue;
            }

            plans[step.Name] = publish.DryRun
                ? [.. plan.Lines(), "dry_run: the step logs this and publishes nothing"]
                : [.. plan.Lines()];
        }

        return plans;
    }
}
