using System.Diagnostics;
using System.IO.Compression;

namespace Gryt.Tests.Steps.Publishing;

/// <summary>Small real packages and a captured command, for the publish tests.</summary>
internal static class PublishTestSupport
{
    /// <summary>A minimal real <c>.nupkg</c> (a zip holding a nuspec and one file) named as NuGet names it.</summary>
    public static string Nupkg(string folder, string id, string version)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{id}.{version}.nupkg");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        using (var writer = new StreamWriter(zip.CreateEntry(id + ".nuspec").Open()))
        {
            writer.Write($"""
                <?xml version="1.0" encoding="utf-8"?>
                <package xmlns="http://schemas.microsoft.com/packaging/2013/05/nuspec.xsd">
                  <metadata><id>{id}</id><version>{version}</version><authors>gryt</authors><description>test</description></metadata>
                </package>
                """);
        }

        using (var writer = new StreamWriter(zip.CreateEntry("readme.txt").Open()))
        {
            writer.Write("gryt publish test");
        }

        return path;
    }

    /// <summary>Runs a program and returns its exit code and output (both streams).</summary>
    public static (int Exit, string Output) Run(string program, string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["npm_config_update_notifier"] = "false";
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Every file under <paramref name="folder"/> as text, to search for a secret.</summary>
    public static string AllText(string folder) =>
        string.Join('\n', Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Select(File.ReadAllText));
}
