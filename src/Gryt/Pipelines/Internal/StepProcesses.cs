using System.Runtime.InteropServices;
using System.Text;

namespace Gryt.Pipelines.Internal;

/// <summary>
/// Finds and kills the processes of steps whose gryt died (<c>kill -9</c>, a power cut of the
/// terminal): every step process gets <see cref="MarkerVariable"/> = its step run id, and its
/// descendants inherit it, also those that left the process tree or started their own session.
/// A process is killed only when its own environment carries a marker of the dead run, checked
/// through a pidfd that stays bound to that very process: a pid reused by an unrelated process
/// is never signalled. Linux only (it reads <c>/proc</c>); elsewhere nothing is killed.
/// </summary>
internal static class StepProcesses
{
    /// <summary>Set in every step's environment; its value is the step's run id.</summary>
    public const string MarkerVariable = "GRYT_STEP_RUN_ID";

    private const int SigKill = 9;
    private const long PidfdOpen = 434; // the same number on every Linux architecture (5.3+)
    private const long PidfdSendSignal = 424;

    /// <summary>Kills every process (but this one) whose environment marks it as a step of <paramref name="stepRunIds"/>; returns how many.</summary>
    public static int KillMarked(IReadOnlyCollection<string> stepRunIds)
    {
        if (stepRunIds.Count == 0 || !OperatingSystem.IsLinux() || !Directory.Exists("/proc")) return 0;
        var markers = stepRunIds.Select(id => Encoding.UTF8.GetBytes($"{MarkerVariable}={id}")).ToList();
        var killed = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid)
                || pid == Environment.ProcessId)
            {
                continue;
            }

            if (Kill(pid, markers)) killed++;
        }

        return killed;
    }

    private static bool Kill(int pid, List<byte[]> markers)
    {
        // The pidfd refers to this process for good; if it exits and the pid is reused meanwhile,
        // the environment read below is the newcomer's, but the pidfd no longer reaches anything.
        var fd = Syscall(PidfdOpen, pid, 0);
        if (fd < 0) return Marshal.GetLastPInvokeError() == 38 /* ENOSYS: kernel before 5.3 */ && KillWithoutPidfd(pid, markers);
        using var pidfd = new Microsoft.Win32.SafeHandles.SafeFileHandle(checked((IntPtr)fd), ownsHandle: true);
        return IsMarked(pid, markers) && Syscall(PidfdSendSignal, fd, SigKill, 0, 0) == 0;
    }

    private static bool KillWithoutPidfd(int pid, List<byte[]> markers) => IsMarked(pid, markers) && SendKill(pid, SigKill) == 0;

    private static bool IsMarked(int pid, List<byte[]> markers)
    {
        byte[] environment;
        try
        {
            environment = File.ReadAllBytes($"/proc/{pid}/environ");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // gone, or not ours to read
        }

        foreach (var entry in environment.AsSpan().Split((byte)0))
        {
            var variable = environment.AsSpan()[entry];
            foreach (var marker in markers)
            {
                if (variable.SequenceEqual(marker)) return true;
            }
        }

        return false;
    }

    // DllImport, not LibraryImport: these signatures need no marshalling, and the library stays free of unsafe code.
    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, long argument1, long argument2);

    [DllImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static extern long Syscall(long number, long argument1, long argument2, long argument3, long argument4);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendKill(int pid, int signal);

}
