using System.Diagnostics;
using Gryt.Pipelines.Internal;
using Gryt.Storage;

namespace Gryt;

/// <summary>What the database knows about pipeline runs, for hosts such as the CLI.</summary>
internal static class PipelineRuns
{
    /// <summary>
    /// Marks runs left <c>running</c> by a process that no longer exists on this host (killed with
    /// <c>kill -9</c>, a power cut) as <c>interrupted</c>, after killing the step processes they
    /// left behind (see <c>StepProcesses</c>); then evolutions still <c>running</c> whose latest run
    /// has ended and whose gryt is gone are marked <c>interrupted</c> too. Returns how many runs. Runs of other hosts are left alone: their processes cannot be
    /// checked from here. gryt calls this when any command opens the project.
    /// </summary>
    public static int RecoverInterrupted(GrytDatabase database, TimeProvider clock, GrytHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        var store = new RunStore(database);
        var self = host ?? GrytHost.Current;
        var recovered = 0;
        foreach (var run in store.OpenRuns())
        {
            if (!IsGone(run.Host, run.Pid, self)) continue;
            // Killed first: a step still running would otherwise go on unrecorded (and may write).
            StepProcesses.KillMarked(store.StepRunIds(run.RunId));
            if (store.MarkInterrupted(run.RunId, clock.GetUtcNow())) recovered++;
        }

        // Also when the run itself was recorded but its gryt died (or could not write) before the evolution was:
        // only runs of a dead process, so a live gryt still sending its hooks keeps its evolution.
        foreach (var evolution in store.UnfinishedEvolutions())
        {
            if (!IsGone(evolution.Host, evolution.Pid, self)) continue;
            store.MarkEvolutionInterrupted(evolution.EvolutionId, evolution.RunId, clock.GetUtcNow());
        }

        return recovered;
    }

    /// <summary>The recorded status of a run, or null when no such run was recorded.</summary>
    public static RunStatus? Status(GrytDatabase database, string runId)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new RunStore(database).Status(runId);
    }

    /// <summary>
    /// Whether the gryt process that recorded a run on <paramref name="host"/> as <paramref name="pid"/>
    /// no longer exists. A run of another host is never gone: its process cannot be checked from here.
    /// </summary>
    public static bool IsGone(string? host, int? pid, GrytHost self)
    {
        ArgumentNullException.ThrowIfNull(self);
        if (host is not null && host != self.MachineName) return false;
        return pid is not { } alive || !IsAlive(alive, self);
    }

    private static bool IsAlive(int pid, GrytHost self)
    {
        if (pid == self.ProcessId) return true;
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
