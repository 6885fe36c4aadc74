using Gryt.Cli.Commands.EvolutionCommands.Start;
using Gryt.Contracts;
using Gryt.Pipelines.Loading;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Promotion;

namespace Gryt.Cli.Commands.GenerationCommands.Show;

/// <summary>What <c>generation show</c> adds to the contract: policy findings and a preview of the gates.</summary>
internal sealed record Insights(IReadOnlyList<PolicyViolation> Violations, IReadOnlyList<string> Unchecked, IReadOnlyList<GateOutcome> Gates)
{
    /// <summary>
    /// Policies are checked against YAML pipelines only (a C# pipeline would have to be built, which
    /// <c>show</c> should not wait for; evolution start checks those). The preview runs the built-in
    /// and metric gates; C# gate files run at promotion.
    /// </summary>
    public static async Task<Insights> ForAsync(Generation generation, IReadOnlyList<Change> changes, ProjectSession session, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var project = session.Project;
        var policies = PolicyFile.Load(project);
        var steps = new PipelineStepNames(project, environment);
        var deferred = new List<string>();
        var checkable = new List<(string, ChangeType, string?)>();
        foreach (var change in changes.Where(c => c.State != ChangeState.Proven))
        {
            var pipeline = change.Pipeline ?? generation.PipelineTemplate;
            if (pipeline is not null && IsCSharp(project, pipeline)) deferred.Add($"{change.ChangeId} ({pipeline}: checked at evolution start)");
            else checkable.Add((change.ChangeId, change.Type, pipeline));
        }

        // Read before the (synchronous) policy check, only the pipelines it will ask about: those of changes a policy with required steps applies to.
        var stepsOf = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        foreach (var (_, type, pipeline) in checkable)
        {
            if (pipeline is null || stepsOf.ContainsKey(pipeline) || !policies.Any(p => p.AppliesToType(type) && p.RequiredSteps.Count > 0)) continue;
            stepsOf[pipeline] = await steps.OfAsync(pipeline, cancellationToken);
        }

        var violations = PolicyChecker.Check(policies, checkable, name => stepsOf[name]);
        IReadOnlyList<GateOutcome> gates = [];
        if (generation.Status == GenerationStatus.Draft)
        {
            using var data = new SqliteData(session.Database);
            gates = await PromotionService.RunGatesAsync(generation, data, PromotionService.DefaultGates(ProjectConfig.Load(project), policies, new Gryt.Git.GitClient(project.Root)), cancellationToken);
        }

        return new Insights(violations, deferred, gates);
    }

    private static bool IsCSharp(GrytProject project, string pipeline)
    {
        try
        {
            return PipelineCatalog.Find(project, pipeline, project.Root).Format == PipelineFormat.CSharp;
        }
        catch (NotFoundException)
        {
            return false;
        }
    }
}
