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
/// <remarks>Writes given to <see cref="Later"/> wait for the next <see cref="Do"/> or <see cref="Flush"/>
/// and commit in its transaction: a step's end and the next step's start are one commit (the runner
/// flushes before it starts a step, so a finished step is on disk before the next one runs).</remarks>
internal sealed class RunRecorder(SqliteData? data, string? runId, string? generationId, string? evolutionId, RunFault fault)
{
    private readonly RunStore? _store = data is null ? null : new RunStore(data.Database);
    private readonly List<Action<RunStore>> _pending = [];

    public void Do(Action<RunStore> write)
    {
        if (_store is null) return;
        try
        {
            lock (data!.Gate)
            {
                try
                {
                    if (_pending.Count == 0)
                    {
                        write(_store);
                    }
                    else
                    {
                        data.Database.WriteTransaction(_ =>
                        {
                            foreach (var pending in _pending) pending(_store);
                            write(_store);
                        });
                    }
                }
                finally
                {
                    // Written, or the run is faulted and stops: never tried twice.
                    _pending.Clear();
                }
            }
        }
        catch (Exception ex) when (ex is SqliteException or GrytEnvironmentException or IOException)
        {
            fault.Set($"cannot record the run in the database {data!.Database.Path}: {ex.Message.TrimEnd('.').ReplaceLineEndings(" ")}");
        }
    }

    /// <summary>Keeps <paramref name="write"/> for the next <see cref="Do"/> or <see cref="Flush"/>.</summary>
    public void Later(Action<RunStore> write)
    {
        if (_store is null) return;
        lock (data!.Gate) _pending.Add(write);
    }

    /// <summary>Commits what <see cref="Later"/> kept, if anything.</summary>
    public void Flush()
    {
        if (_store is null) return;
        lock (data!.Gate)
        {
            if (_pending.Count == 0) return;
        }

        Do(static _ => { });
    }

    public void Metric(string? stepName, string name, double value, string source, DateTimeOffset at) =>
        Do(store => store.AddDataRow(runId, stepName, generationId, evolutionId, name, value, null, source, at));

    /// <summary>Kept for the step's end: all of a step's artifacts commit in one transaction, with the step's end.</summary>
    public void Artifact(string? stepName, ArtifactFile file, string source, DateTimeOffset at) =>
        Later(store => store.AddDataRow(runId, stepName, generationId, evolutionId, null, null, file.Path, source, at, file.Size, file.Sha256));
}
