using System.Diagnostics;

namespace Gryt.Tests.TestSupport;

/// <summary>
/// A small tmpfs mounted on a folder, to make a disk really fill up (CI runs as root, so a chmod
/// proves nothing). Unmounted on dispose. Tests using it are <see cref="TmpfsFactAttribute"/>s.
/// </summary>
internal sealed class SmallTmpfs : IDisposable
{
    private static readonly Lazy<string?> Unavailable = new(Probe);

    /// <param name="options">The size, and any other tmpfs option: <c>256k</c>, <c>64k,nr_inodes=2</c>.</param>
    public SmallTmpfs(string path, string options)
    {
        Path = path;
        Directory.CreateDirectory(path);
        var (code, error) = Run("mount", "-t", "tmpfs", "-o", $"size={options},mode=0777", "tmpfs", path);
        if (code != 0) throw new InvalidOperationException($"mount tmpfs on {path} failed: {error}");
    }

    public string Path { get; }

    /// <summary>Why a tmpfs cannot be mounted here (not root, no mount permission), or null when it can.</summary>
    public static string? WhyUnavailable => Unavailable.Value;

    /// <summary>Writes a filler file until the disk is full; delete it to free the space again.</summary>
    public string Fill()
    {
        var filler = System.IO.Path.Combine(Path, "filler");
        var chunk = new byte[64 * 1024];
        using var stream = new FileStream(filler, FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true) stream.Write(chunk);
        }
        catch (IOException)
        {
            // Full.
        }

        // Whatever part of a chunk still fits: the disk is then full to the byte.
        try
        {
            while (true) stream.Write(chunk, 0, 1);
        }
        catch (IOException)
        {
        }

        return filler;
    }

    public void Dispose()
    {
        // A process of a failed test may still hold a file there: detach lazily rather than fail.
        if (Run("umount", Path).Code != 0) Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }

    private static string? Probe()
    {
        if (!OperatingSystem.IsLinux()) return "tmpfs mounts need Linux";
        if (!Environment.IsPrivilegedProcess) return "mounting a tmpfs needs root";
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gryt-tmpfs-probe-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var probe = new SmallTmpfs(folder, "64k");
            return null;
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return "cannot mount a tmpfs here: " + ex.Message;
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private static (int Code, string Error) Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, error.Trim());
    }
}

/// <summary>A fact that needs to mount a <see cref="SmallTmpfs"/>; skipped, with the reason, where that is not possible.</summary>
internal sealed class TmpfsFactAttribute : FactAttribute
{
    public TmpfsFactAttribute()
    {
        if (SmallTmpfs.WhyUnavailable is { } reason) Skip = reason;
    }
}
