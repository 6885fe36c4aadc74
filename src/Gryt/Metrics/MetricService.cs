using Gryt.Contracts;
using Gryt.Storage;

namespace Gryt.Metrics;

/// <summary>A metric of one generation. <see cref="Value"/> is null when there is no data yet.</summary>
internal sealed record MetricValue(string Name, string Version, double? Value, string Unit, string Meaning, int Samples);

/// <summary>
/// The built-in metrics of a generation (<c>pass_rate</c>, <c>evolution_count</c>,
/// <c>proven_ratio</c>, <c>mean_duration</c>) and any metric recorded in <c>data_rows</c>.
/// </summary>
internal sealed class MetricService(GrytDatabase database)
{
    public static IReadOnlyList<string> BuiltIn { get; } = ["pass_rate", "evolution_count", "proven_ratio", "mean_duration"];

    private readonly MetricStore _store = new(database);
    private readonly GenerationStore _generations = new(database);

    public MetricValue Get(string name, string versionText)
    {
        var version = SemanticVersion.Parse(versionText);
        var generation = _generations.Find(version.ToString())?.ToGeneration()
            ?? throw new NotFoundException($"generation {version} not found", $"create it with: gryt generation new {version}");
        var id = generation.GenerationId;
        var v = generation.Version;
        switch (name)
        {
            case "evolution_count":
            {
                var (total, _, _) = _store.EvolutionCounts(id);
                return new MetricValue(name, v, total, "count", "evolutions started for the generation", total);
            }

            case "pass_rate":
            {
                var (_, passed, failed) = _store.EvolutionCounts(id);
                var finished = passed + failed;
                return new MetricValue(name, v, finished == 0 ? null : (double)passed / finished, "ratio",
                    "passing evolutions / finished (pass or fail) evolutions", finished);
            }

            case "proven_ratio":
            {
                var changes = _generations.Changes(id).Select(c => c.ToChange()).ToList();
                return new MetricValue(name, v, changes.Count == 0 ? null : (double)changes.Count(c => c.State == ChangeState.Proven) / changes.Count,
                    "ratio", "proven changes / declared changes", changes.Count);
            }

            case "mean_duration":
            {
                var (seconds, runs) = _store.MeanRunDuration(id);
                return new MetricValue(name, v, seconds, "seconds", "mean wall time of the finished pipeline runs of its evolutions", runs);
            }

            default:
            {
                if (!_store.IsRecordedAnywhere(name))
                {
                    throw new NotFoundException(
                        $"unknown metric '{SemanticVersion.Printable(name)}'",
                        $"built-in metrics: {string.Join(", ", BuiltIn)}; other names must first be recorded by a run");
                }

                var (value, samples) = _store.Recorded(id, name);
                return new MetricValue(name, v, value, "", "newest value recorded by a run of the generation", samples);
            }
        }
    }
}
