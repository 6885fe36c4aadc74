using System.Diagnostics;
using Gryt.Storage;

namespace Gryt;

/// <summary>What the database knows about pipeline runs, for hosts such as the CLI.</summary>
public static class PipelineRuns
{
    /// <summary>
    /// Marks runs left <c>running</c> by a process that no longer exists on this host (killed with
    /// <c>kill -9</c>, a power cut) as <c>interrupted</c>; returns how many. Runs of other hosts
    /// are left alone: their processes cannot be checked from here.
    /// </summary>
    public static int RecoverInterrupted(GrytDatabase database, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(clock);
        var store = new RunStore(database);
        var host = Environment.MachineName;
        var recovered = 0;
        foreach (var run in store.OpenRuns())
        {
            if (run.Host is not null && run.Host != host) continue;
            if (run.Pid is { } pid && IsAlive(pid)) continue;
            if (store.MarkInterrupted(run.RunId, clock.GetUtcNow())) recovered++;
        }

        return recovered;
    }

    /// <summary>The recorded status of a run, or null when no such run was recorded.</summary>
    public static RunStatus? Status(GrytDatabase database, string runId)
    {
        ArgumentNullException.ThrowIfNull(database);
        return new RunStore(database).Status(runId);
    }

    private static bool IsAlive(int pid)
    {
        if (pid == Environment.ProcessId) return true;
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
