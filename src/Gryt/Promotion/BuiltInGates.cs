using System.Globalization;
using Gryt.Contracts;
using Gryt.Policies;
using Gryt.Storage;

namespace Gryt.Promotion;

/// <summary>Every change has at least one passing evolution; a generation with no changes fails.</summary>
public sealed class AllChangesProvenGate() : PromotionGate("all_changes_proven")
{
    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Query(GateQueries.ChangeProofs, generation.GenerationId);
        var unproven = rows.Where(r => Convert.ToInt64(r["passed"], CultureInfo.InvariantCulture) == 0).Select(r => (string)r["change_id"]!).ToList();
        return BuiltInGateRules.AllChangesProven(rows.Count, unproven);
    }
}

/// <summary>No failed evolution stands unresolved: a failure is resolved by a later passing evolution of the same change.</summary>
public sealed class NoFailedEvolutionsGate() : PromotionGate("no_failed_evolutions")
{
    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Query(GateQueries.UnresolvedFailures, generation.GenerationId);
        var failures = rows.GroupBy(r => (string)r["tag"]!).Select(g => $"{g.Key} ({string.Join(", ", g.Select(r => (string)r["change_id"]!))})").ToList();
        return BuiltInGateRules.NoFailedEvolutions(failures);
    }
}

/// <summary>
/// The verdicts and messages of <c>all_changes_proven</c> and <c>no_failed_evolutions</c> from
/// what they counted, written once: the gates above, the web dashboard's gate preview (over the
/// server's records) and <c>gryt dashboard</c>'s gates column use them.
/// </summary>
internal static class BuiltInGateRules
{
    /// <summary><c>all_changes_proven</c>: <paramref name="total"/> changes declared, <paramref name="unproven"/> the ids without a passing evolution.</summary>
    public static GateResult AllChangesProven(int total, IReadOnlyList<string> unproven) =>
        total == 0 ? new GateResult(false, "the generation declares no changes")
        : unproven.Count == 0 ? new GateResult(true, $"all {Counted.Of(total, "change")} proven")
        : new GateResult(false, $"unproven: {string.Join(", ", unproven)}", new() { ["unproven"] = unproven.ToList() });

    /// <summary><c>no_failed_evolutions</c>: <paramref name="failures"/> are the failed evolutions not since passed, as "tag (change, …)".</summary>
    public static GateResult NoFailedEvolutions(IReadOnlyList<string> failures) =>
        failures.Count == 0 ? new GateResult(true, "no unresolved failed evolutions")
        : new GateResult(false, $"failed and not since passed: {string.Join(", ", failures)}", new() { ["failures"] = failures.ToList() });

    /// <summary>
    /// Both rules in a word or two, for a list: <c>ready</c>, <c>N unproven</c>, <c>N failed</c>
    /// (failed evolutions not since passed) or <c>no changes</c>. Policies, metric and C# gates are
    /// not in it (<c>gryt generation show</c> previews them).
    /// </summary>
    public static string Summary(int total, int unproven, int unresolvedFailures) =>
        total == 0 ? "no changes"
        : unproven > 0 ? $"{unproven} unproven"
        : unresolvedFailures > 0 ? $"{unresolvedFailures} failed"
        : "ready";
}

/// <summary>Every change has at least <paramref name="minimum"/> passing evolutions.</summary>
public sealed class MinEvolutionsGate(int minimum) : PromotionGate("min_evolutions")
{
    public int Minimum { get; } = minimum;

    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Query(GateQueries.ChangeProofs, generation.GenerationId);
        if (rows.Count == 0) return new GateResult(false, "the generation declares no changes");
        var short_ = rows.Select(r => (Id: (string)r["change_id"]!, Passed: Convert.ToInt64(r["passed"], CultureInfo.InvariantCulture)))
            .Where(c => c.Passed < Minimum).Select(c => $"{c.Id} ({c.Passed}/{Minimum})").ToList();
        return short_.Count == 0
            ? new GateResult(true, $"every change has at least {Counted.Of(Minimum, "passing evolution")}")
            : new GateResult(false, $"too few passing evolutions: {string.Join(", ", short_)}");
    }
}

/// <summary>Every passing evolution's run passed the steps its changes' policies require.</summary>
internal sealed class PolicyGate(IReadOnlyList<Policy> policies) : PromotionGate("policy")
{
    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        if (policies.Count == 0) return new GateResult(true, "no policies defined");
        var problems = new List<string>();
        foreach (var row in data.Query(GateQueries.PassingEvolutionSteps, generation.GenerationId))
        {
            if (!ChangeTypes.TryParse((string)row["type"]!, out var type)) continue;
            var steps = ((string?)row["steps"] ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var policy in policies.Where(p => p.AppliesToType(type)))
            {
                var missing = policy.RequiredSteps.Where(s => !steps.Contains(s)).ToList();
                if (missing.Count > 0) problems.Add($"{row["tag"]} {row["change_id"]}: {policy.Name} needs {string.Join(", ", missing)}");
            }
        }

        return problems.Count == 0
            ? new GateResult(true, "every passing evolution ran the steps its policies require")
            : new GateResult(false, string.Join("; ", problems));
    }
}

/// <summary>A metric from <c>config.yaml</c>: its newest value from a passing evolution is within bounds. No data fails.</summary>
public sealed class MetricGate(string metric, double? min, double? max) : PromotionGate("metric:" + metric)
{
    /// <summary>The detail naming a metric no passing evolution recorded.</summary>
    internal const string MissingMetric = "missing_metric";

    public override GateResult Check(Generation generation, IData data)
    {
        ArgumentNullException.ThrowIfNull(generation);
        ArgumentNullException.ThrowIfNull(data);
        var rows = data.Query(GateQueries.NewestPassingMetric, generation.GenerationId, metric);
        if (rows.Count == 0)
        {
            var lacking = data.Query(GateQueries.PassingWithoutMetric, generation.GenerationId, metric).Select(r => (string)r["tag"]!).ToList();
            var which = lacking.Count == 0 ? "; no evolution has passed yet" : $"; {string.Join(", ", lacking)} passed without it";
            return new GateResult(false, $"no {metric} recorded by a passing evolution of {generation.Version}{which}",
                new() { [MissingMetric] = metric, ["lacking"] = lacking });
        }

        var value = Convert.ToDouble(rows[0]["metric_value"], CultureInfo.InvariantCulture);
        var shown = value.ToString("0.##", CultureInfo.InvariantCulture);
        var details = new Dictionary<string, object?> { [metric] = value, ["evolution"] = rows[0]["tag"] };
        if (min is { } lower && value < lower) return new GateResult(false, $"{metric} {shown} is below the minimum {lower.ToString(CultureInfo.InvariantCulture)} ({rows[0]["tag"]})", details);
        if (max is { } upper && value > upper) return new GateResult(false, $"{metric} {shown} is above the maximum {upper.ToString(CultureInfo.InvariantCulture)} ({rows[0]["tag"]})", details);
        return new GateResult(true, $"{metric} {shown} ({rows[0]["tag"]})", details);
    }
}
