using Gryt.Processes;

namespace Gryt.Tests.TestSupport;

/// <summary>
/// Real disk faults for tests: a small tmpfs that can be filled, and a read-only bind mount.
/// CI runs as root, where a chmod-made "unwritable" folder is writable anyway; a mount is not.
/// Both need root and a kernel that allows mounts: <see cref="RootFactAttribute"/> skips elsewhere.
/// </summary>
internal static class Mounts
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <summary>Why these fixtures cannot run here, or null when they can.</summary>
    public static string? SkipReason => Unavailable.Value;

    public static void Run(params string[] args)
    {
        var result = ChildProcess.Capture(new ProcessCommand(args[0], args[1..]));
        if (result.ExitCode != 0) throw new InvalidOperationException($"{string.Join(' ', args)} failed: {result.Error.Trim()}");
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "needs Linux mounts";
        var uid = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal))?.Split('\t', ' ', StringSplitOptions.RemoveEmptyEntries)[1];
        if (uid != "0") return "needs root to mount a tmpfs or a read-only bind mount (CI runs as root)";
        var folder = Directory.CreateTempSubdirectory("gryt-mount-probe-").FullName;
        try
        {
            Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", folder);
            Run("umount", folder);
            return null;
        }
        catch (Exception e) when (e is InvalidOperationException or ProcessStartException)
        {
            return "this machine does not allow mounts: " + e.Message;
        }
        finally
        {
            Directory.Delete(folder);
        }
    }
}

/// <summary>A fact that needs <see cref="Mounts"/>: skipped, with the reason, where mounts are not possible.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Mounts.SkipReason is { } reason) Skip = reason;
    }
}

/// <summary>A small tmpfs: a disk that really fills up. Unmounted on dispose.</summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly TempDirectory? _folder;

    /// <summary>A tmpfs of a few megabytes on a temp folder of its own.</summary>
    public SmallDisk(int megabytes = 4)
    {
        _folder = new TempDirectory();
        Path = _folder.Path;
        Mounts.Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m", "tmpfs", Path);
    }

    /// <summary>A tmpfs on <paramref name="path"/> (created if missing, removed on dispose).</summary>
    /// <param name="options">The size, and any other tmpfs option: <c>256k</c>, <c>64k,nr_inodes=2</c>.</param>
    public SmallDisk(string path, string options)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Mounts.Run("mount", "-t", "tmpfs", "-o", $"size={options},mode=0777", "tmpfs", path);
    }

    public string Path { get; }

    private string Filler => System.IO.Path.Combine(Path, "filler");

    /// <summary>Fills the disk, then frees <paramref name="leaveBytes"/> (rounded to pages by the file system).</summary>
    public void Fill(long leaveBytes = 0)
    {
        var chunk = new byte[64 * 1024];
        using (var stream = new FileStream(Filler, FileMode.Append, FileAccess.Write, FileShare.None, 1, FileOptions.WriteThrough))
        {
            try
            {
                while (true) stream.Write(chunk);
            }
            catch (IOException)
            {
                // ENOSPC: full. Single bytes fill the last partial chunk.
            }

            try
            {
                while (true) stream.Write(chunk, 0, 1);
            }
            catch (IOException)
            {
            }
        }

        if (leaveBytes > 0)
        {
            using var stream = new FileStream(Filler, FileMode.Open, FileAccess.Write);
            stream.SetLength(Math.Max(0, stream.Length - leaveBytes));
        }
    }

    /// <summary>Makes room again (for the test's own cleanup and checks).</summary>
    public void Free() => File.Delete(Filler);

    public void Dispose()
    {
        try
        {
            Mounts.Run("umount", "--lazy", Path);
        }
        finally
        {
            if (_folder is not null) _folder.Dispose();
            else DeleteMountPoint();
        }
    }

    private void DeleteMountPoint()
    {
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>A folder made read-only by a bind mount of itself: even root cannot write into it. Unmounted on dispose.</summary>
internal sealed class ReadOnlyMount : IDisposable
{
    public ReadOnlyMount(string folder)
    {
        Path = folder;
        Mounts.Run("mount", "--bind", folder, folder);
        try
        {
            Mounts.Run("mount", "-o", "remount,ro,bind", folder);
        }
        catch
        {
            Mounts.Run("umount", folder);
            throw;
        }
    }

    public string Path { get; }

    public void Dispose() => Mounts.Run("umount", "--lazy", Path);
}
