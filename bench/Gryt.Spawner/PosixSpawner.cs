using System.Runtime.InteropServices;

namespace Gryt.Spawner;

/// <summary>
/// One process started with glibc's posix_spawn (clone(CLONE_VM|CLONE_VFORK), the same as .NET's
/// vfork), its stdin a pipe closed at once, stdout and stderr pipes read in this thread with poll
/// beside a pidfd for its exit, then reaped with waitpid: no thread hops at all, unlike Process
/// (SIGCHLD thread, the sockets' epoll thread, thread-pool continuations).
/// </summary>
/// <remarks>
/// waitpid of our own pid is safe beside .NET's SIGCHLD handling, even in a program that also uses
/// Process: System.Native's SIGCHLD thread (pal_signal.c, ProcessWaitState.CheckChildren) reaps
/// only the pids Process started, one waitpid each, and leaves other children to whoever started
/// them. The two exceptions reap every child with waitpid(-1): the program is pid 1 (a container
/// without an init), or SIGCHLD was ignored when it started (then children are not even zombies).
/// There waitpid here fails with ECHILD, which is reported, not guessed at.
/// </remarks>
internal static unsafe partial class PosixSpawner
{
    private const int OCloexec = 0x80000;
    private const short PosixSpawnSetSigMask = 0x08;
    private const short PosixSpawnSetSigDef = 0x04;
    private const short PollIn = 0x1;
    private const int EIntr = 4;
    private const long SysPidfdOpen = 434;

    public static int Run(string[] argv)
    {
        // glibc's posix_spawn_file_actions_t is 80 bytes and posix_spawnattr_t 336 on x86-64 and arm64.
        var actions = stackalloc byte[512];
        var attr = stackalloc byte[512];
        var signals = stackalloc byte[128];
        int* input = stackalloc int[2];
        int* output = stackalloc int[2];
        int* error = stackalloc int[2];
        Check(Pipe2(input, OCloexec));
        Check(Pipe2(output, OCloexec));
        Check(Pipe2(error, OCloexec));
        Check(FileActionsInit(actions));
        Check(AddDup2(actions, input[0], 0));
        Check(AddDup2(actions, output[1], 1));
        Check(AddDup2(actions, error[1], 2));
        Check(AddChdir(actions, Environment.CurrentDirectory));
        Check(AttrInit(attr));
        Check(SigEmptySet(signals));
        Check(AttrSetSigMask(attr, signals));
        // glibc leaves its two internal signals (32, 33) ignored in the child, which an exec keeps;
        // sigaddset refuses them, so their bits are set directly. Other ignored signals (SIGPIPE,
        // ignored by the runtime) stay ignored, as Process leaves them.
        *(ulong*)signals = (1UL << 31) | (1UL << 32);
        Check(AttrSetSigDefault(attr, signals));
        Check(AttrSetFlags(attr, PosixSpawnSetSigMask | PosixSpawnSetSigDef));

        var args = ToNative(argv);
        var environment = ToNative(Environ());
        int pid;
        var failed = PosixSpawn(&pid, Resolve(argv[0]), actions, attr, args, environment);
        FreeNative(args);
        FreeNative(environment);
        _ = FileActionsDestroy(actions);
        _ = AttrDestroy(attr);
        _ = Close(input[0]);
        _ = Close(output[1]);
        _ = Close(error[1]);
        _ = Close(input[1]);
        if (failed != 0) throw new InvalidOperationException($"posix_spawn {argv[0]}: errno {failed}");

        // The exit is seen by poll beside the pipes (a pidfd, Linux 5.3+), so a descendant that keeps
        // the pipes open does not hide it; without a pidfd, waitpid after the pipes close.
        var pidfd = (int)Syscall(SysPidfdOpen, pid, 0);
        var fds = stackalloc PollFd[3];
        fds[0] = new PollFd { Fd = output[0], Events = PollIn };
        fds[1] = new PollFd { Fd = error[0], Events = PollIn };
        fds[2] = new PollFd { Fd = pidfd, Events = PollIn };
        var buffer = stackalloc byte[16 * 1024];
        var open = pidfd < 0 ? 2 : 3;
        while (open > 0)
        {
            if (Poll(fds, 3, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == EIntr) continue;
                throw new InvalidOperationException("poll failed");
            }

            for (var i = 0; i < 3; i++)
            {
                if (fds[i].Fd < 0 || fds[i].Revents == 0) continue;
                if (i < 2 && Read(fds[i].Fd, buffer, 16 * 1024) > 0) continue;
                _ = Close(fds[i].Fd);
                fds[i].Fd = -1;
                open--;
            }
        }

        int status;
        int reaped;
        while ((reaped = WaitPid(pid, &status, 0)) < 0 && Marshal.GetLastPInvokeError() == EIntr) { }
        if (reaped != pid) throw new InvalidOperationException($"waitpid {pid}: errno {Marshal.GetLastPInvokeError()} (SIGCHLD ignored, or pid 1?)");
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f);
    }

    private static void Check(int result)
    {
        if (result != 0) throw new InvalidOperationException($"libc call failed: {result}, errno {Marshal.GetLastPInvokeError()}");
    }

    private static byte** ToNative(string[] strings)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)(strings.Length + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < strings.Length; i++) array[i] = (byte*)Marshal.StringToCoTaskMemUTF8(strings[i]);
        array[strings.Length] = null;
        return array;
    }

    private static void FreeNative(byte** array)
    {
        for (var p = array; *p != null; p++) Marshal.FreeCoTaskMem((nint)(*p));
        NativeMemory.Free(array);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "pipe2", SetLastError = true)]
    private static partial int Pipe2(int* fds, int flags);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(PollFd* fds, nuint count, int timeout);

    [LibraryImport("libc", EntryPoint = "waitpid", SetLastError = true)]
    private static partial int WaitPid(int pid, int* status, int options);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long Syscall(long number, long a, long b);

    [LibraryImport("libc", EntryPoint = "posix_spawn", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int PosixSpawn(int* pid, string file, void* actions, void* attr, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    private static partial int FileActionsInit(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    private static partial int FileActionsDestroy(void* actions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_adddup2")]
    private static partial int AddDup2(void* actions, int fd, int newFd);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addchdir_np", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AddChdir(void* actions, string path);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    private static partial int AttrInit(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    private static partial int AttrDestroy(void* attr);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    private static partial int AttrSetFlags(void* attr, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigmask")]
    private static partial int AttrSetSigMask(void* attr, void* set);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setsigdefault")]
    private static partial int AttrSetSigDefault(void* attr, void* set);

    [LibraryImport("libc", EntryPoint = "sigemptyset")]
    private static partial int SigEmptySet(void* set);

    [LibraryImport("libc", EntryPoint = "sigaddset")]
    private static partial int SigAddSet(void* set, int signal);

    // As Process does (the executable's folder and the current folder first, then PATH): posix_spawnp
    // would instead try execve in each PATH folder from the child, while the parent waits.
    private static string Resolve(string file)
    {
        if (file.Contains('/', StringComparison.Ordinal)) return file;
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(folder, file);
            if (File.Exists(path)) return path;
        }

        return file;
    }

    private static string[] Environ()
    {
        var list = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables()) list.Add($"{entry.Key}={entry.Value}");
        return [.. list];
    }
}
