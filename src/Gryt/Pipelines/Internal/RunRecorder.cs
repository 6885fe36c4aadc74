using Gryt.Steps;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Pipelines.Internal;

/// <summary>
/// Records one run through <see cref="RunStore"/>, one call at a time (steps run concurrently
/// but share one connection). Without a database every call does nothing. A write that fails
/// (a full disk, a locked or read-only database) never throws at the steps: it sets the run's
/// <see cref="RunFault"/>, which stops the run; what was not recorded is recovered as
/// <c>interrupted</c> by a later gryt.
/// </summary>
internal sealed class RunRecorder(SqliteData? data, string? runId, string? generationId, string? evolutionId, RunFault fault)
{
    private readonly RunStore? _store = data is null ? null : new RunStore(data.Database);

    public void Do(Action<RunStore> write)
    {
        if (_store is null) return;
        try
        {
            lock (data!.Gate) write(_store);
        }
        catch (Exception ex) when (ex is SqliteException or GrytEnvironmentException or IOException)
        {
            fault.Set($"cannot record the run in the database {data!.Database.Path}: {ex.Message.TrimEnd('.').ReplaceLineEndings(" ")}");
        }
    }

    public void Metric(string? stepName, string name, double value, string source, DateTimeOffset at) =>
        Do(store => store.AddDataRow(runId, stepName, generationId, evolutionId, name, value, null, source, at));

    public void Artifact(string? stepName, ArtifactFile file, string source, DateTimeOffset at) =>
        Do(store => store.AddDataRow(runId, stepName, generationId, evolutionId, null, null, file.Path, source, at, file.Size, file.Sha256));
}
