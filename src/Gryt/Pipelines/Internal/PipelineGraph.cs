using System.Text.RegularExpressions;

namespace Gryt.Pipelines.Internal;

/// <summary>A problem in a pipeline's graph, at step <see cref="StepIndex"/> (and its need <see cref="NeedIndex"/>).</summary>
internal sealed record GraphProblem(int StepIndex, int? NeedIndex, string Message);

/// <summary>Checks and orders the step graph: names, needs, cycles.</summary>
internal static partial class PipelineGraph
{
    [GeneratedRegex("^[A-Za-z0-9._-]+$")]
    public static partial Regex StepName();

    /// <summary>The first problem of the graph, or null when it is valid.</summary>
    public static GraphProblem? FindProblem(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<string>> needs)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < names.Count; i++)
        {
            if (!StepName().IsMatch(names[i]))
            {
                return new GraphProblem(i, null, $"step name '{names[i]}' may only use letters, digits, '.', '_' and '-'");
            }

            if (!index.TryAdd(names[i], i)) return new GraphProblem(i, null, $"duplicate step name '{names[i]}'");
        }

        for (var i = 0; i < names.Count; i++)
        {
            for (var n = 0; n < needs[i].Count; n++)
            {
                var need = needs[i][n];
                if (need == names[i]) return new GraphProblem(i, n, $"step '{names[i]}' needs itself");
                if (!index.ContainsKey(need))
                {
                    return new GraphProblem(i, n, $"step '{names[i]}' needs '{need}', which is not a step of this pipeline (steps: {string.Join(", ", names)})");
                }
            }
        }

        var cycle = FindCycle(names, needs, index);
        if (cycle is not null)
        {
            var first = index[cycle[0]];
            var needIndex = needs[first].ToList().IndexOf(cycle[1]);
            return new GraphProblem(first, needIndex, "dependency cycle: " + string.Join(" -> ", cycle));
        }

        return null;
    }

    public static List<Step> TopologicalOrder(IReadOnlyList<Step> steps)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<Step>(steps.Count);
        while (order.Count < steps.Count)
        {
            var progressed = false;
            foreach (var step in steps)
            {
                if (done.Contains(step.Name) || !step.Needs.All(done.Contains)) continue;
                order.Add(step);
                done.Add(step.Name);
                progressed = true;
            }

            if (!progressed) break; // a cycle; the constructor refuses those
        }

        return order;
    }

    private static List<string>? FindCycle(IReadOnlyList<string> names, IReadOnlyList<IReadOnlyList<string>> needs, Dictionary<string, int> index)
    {
        // 0 unvisited, 1 on the current path, 2 done
        var state = new int[names.Count];
        var path = new List<int>();
        for (var start = 0; start < names.Count; start++)
        {
            var cycle = Visit(start);
            if (cycle is not null) return cycle;
        }

        return null;

        List<string>? Visit(int node)
        {
            if (state[node] == 2) return null;
            if (state[node] == 1)
            {
                var from = path.IndexOf(node);
                return [.. path.Skip(from).Select(i => names[i]), names[node]];
            }

            state[node] = 1;
            path.Add(node);
            foreach (var need in needs[node])
            {
                var found = Visit(index[need]);
                if (found is not null) return found;
            }

            path.RemoveAt(path.Count - 1);
            state[node] = 2;
            return null;
        }
    }
}
