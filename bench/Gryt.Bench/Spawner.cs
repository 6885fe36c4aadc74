using System.Diagnostics;

namespace Gryt.Bench;

/// <summary>The minimal .NET spawner of bench/Gryt.Spawner, published with Native AOT into artifacts/spawner/ once.</summary>
internal static class Spawner
{
    /// <summary>The spawner's path, or null (saying why) when it cannot be built here.</summary>
    public static string? Build()
    {
        var root = RepositoryRoot();
        var project = Path.Combine(root, "bench", "Gryt.Spawner");
        var output = Path.Combine(root, "artifacts", "spawner");
        var binary = Path.Combine(output, "Gryt.Spawner");
        var newestSource = Directory.GetFiles(project, "*.cs*").Max(File.GetLastWriteTimeUtc);
        if (File.Exists(binary) && File.GetLastWriteTimeUtc(binary) > newestSource) return binary;
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "publish", project, "-c", "Release", "--use-current-runtime", "-o", output, "-nologo", "-v", "quiet" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var text = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode == 0 && File.Exists(binary)) return binary;
        Console.WriteLine($"the .NET spawner floor could not be built (Native AOT needs clang or gcc): {text.Trim()} {error.Result.Trim()}");
        return null;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) return dir.FullName;
        }

        throw new InvalidOperationException("Gryt.slnx not found above " + AppContext.BaseDirectory);
    }
}
