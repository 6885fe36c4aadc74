using Gryt.Storage;

namespace Gryt.Pipelines.Internal;

/// <summary>
/// Records one run through <see cref="RunStore"/>, one call at a time (steps run concurrently
/// but share one connection). Without a database every call does nothing.
/// </summary>
internal sealed class RunRecorder(SqliteData? data, string runId, string? generationId, string? evolutionId)
{
    private readonly RunStore? _store = data is null ? null : new RunStore(data.Database);

    public bool Enabled => _store is not null;

    public void Do(Action<RunStore> write)
    {
        if (_store is null) return;
        lock (data!.Gate) write(_store);
    }

    public void Metric(string? stepName, string name, double value, string source, DateTimeOffset at) =>
        Do(store => store.AddDataRow(runId, stepName, generationId, evolutionId, name, value, null, source, at));

    public void Artifact(string? stepName, string path, DateTimeOffset at) =>
        Do(store => store.AddDataRow(runId, stepName, generationId, evolutionId, null, null, path, "api", at));
}
