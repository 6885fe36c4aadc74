using Gryt.Contracts;
using Gryt.Project;
using Gryt.Yaml;

namespace Gryt.Policies;

/// <summary>A rule from <c>.gryt/policy.yaml</c>: changes of these types must be proven by a pipeline containing these steps.</summary>
internal sealed record Policy(string Name, IReadOnlyList<ChangeType> AppliesTo, IReadOnlyList<string> RequiredSteps, string? Description)
{
    public bool AppliesToType(ChangeType type) => AppliesTo.Count == 0 || AppliesTo.Contains(type);
}

/// <summary>One policy that a change's proving pipeline does not satisfy.</summary>
internal sealed record PolicyViolation(string PolicyName, string ChangeId, string? PipelineName, IReadOnlyList<string> MissingSteps, string Message);

/// <summary>Loads <c>.gryt/policy.yaml</c> strictly; a missing or comment-only file means no policies.</summary>
internal static class PolicyFile
{
    public static IReadOnlyList<Policy> Load(GrytProject project)
    {
        var path = project.PolicyPath;
        if (!File.Exists(path)) return [];
        YamlNodeRef root;
        try
        {
            root = StrictYaml.Load(path, project.Shown(path));
        }
        catch (InvalidFileException ex) when (ex.Problem == "the file is empty")
        {
            return [];
        }

        var map = root.AsMap().AllowOnly("policies");
        var node = map.Optional("policies");
        if (node is null || node.Value.IsNull) return [];
        var policies = new List<Policy>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in node.Value.AsList("policy"))
        {
            var policy = item.AsMap().AllowOnly("name", "applies_to", "required_steps", "description");
            var nameNode = policy.Required("name");
            var name = nameNode.AsString();
            if (!names.Add(name)) throw nameNode.Error($"duplicate policy name '{name}'");
            var types = new List<ChangeType>();
            if (policy.Optional("applies_to") is { IsNull: false } appliesTo)
            {
                foreach (var typeNode in appliesTo.AsList("change type"))
                {
                    var word = typeNode.AsString();
                    if (!ChangeTypes.TryParse(word, out var type))
                    {
                        throw typeNode.Error($"change type '{SemanticVersion.Printable(word)}' is not one of: {string.Join(", ", ChangeTypes.Words)}");
                    }

                    types.Add(type);
                }
            }

            var steps = policy.Required("required_steps").AsList("step").Select(s => s.AsString()).ToList();
            policies.Add(new Policy(name, types, steps, policy.OptionalString("description")));
        }

        return policies;
    }
}

/// <summary>Checks changes against policies, given the step names of the pipeline that proves each.</summary>
internal static class PolicyChecker
{
    /// <summary>Violations of every applicable policy; <paramref name="stepsOf"/> gives a pipeline's step names, or null when it cannot be found.</summary>
    public static IReadOnlyList<PolicyViolation> Check(
        IReadOnlyList<Policy> policies,
        IEnumerable<(string ChangeId, ChangeType Type, string? Pipeline)> changes,
        Func<string, IReadOnlyList<string>?> stepsOf)
    {
        var violations = new List<PolicyViolation>();
        foreach (var (changeId, type, pipeline) in changes)
        {
            var applicable = policies.Where(p => p.AppliesToType(type) && p.RequiredSteps.Count > 0).ToList();
            if (applicable.Count == 0) continue;
            var steps = pipeline is null ? null : stepsOf(pipeline);
            foreach (var policy in applicable)
            {
                var missing = steps is null ? policy.RequiredSteps : policy.RequiredSteps.Where(s => !steps.Contains(s)).ToList();
                if (missing.Count == 0) continue;
                var why = pipeline is null
                    ? $"change {changeId} has no pipeline (set 'pipeline' on the change or 'pipeline_template' on the generation)"
                    : steps is null
                        ? $"pipeline {pipeline} of change {changeId} was not found"
                        : $"pipeline {pipeline} of change {changeId} lacks required {(missing.Count == 1 ? "step" : "steps")}: {string.Join(", ", missing)}";
                violations.Add(new PolicyViolation(policy.Name, changeId, pipeline, missing,
                    $"policy {policy.Name}: {why}" + (policy.Description is null ? "" : $" ({policy.Description})")));
            }
        }

        return violations;
    }
}
