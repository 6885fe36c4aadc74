using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>
/// Golden files: user-visible output pinned in <c>Golden/NAME.txt</c> (copied to the test output).
/// To accept new output after an intended change, run the tests with the environment variable
/// <c>GRYT_UPDATE_GOLDEN=1</c>:
/// <code>GRYT_UPDATE_GOLDEN=1 dotnet test Gryt.slnx</code>
/// which rewrites the files in the source tree; review the diff with git before committing.
/// </summary>
internal static partial class Golden
{
    public static void Verify(string name, string actual, [CallerFilePath] string callerFile = "")
    {
        var normalised = Normalise(actual);
        if (Environment.GetEnvironmentVariable("GRYT_UPDATE_GOLDEN") == "1")
        {
            var sourceFolder = Path.Combine(SourceProjectFolder(callerFile), "Golden");
            Directory.CreateDirectory(sourceFolder);
            File.WriteAllText(Path.Combine(sourceFolder, name + ".txt"), normalised);
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Golden", name + ".txt");
        Assert.True(File.Exists(path), $"golden file Golden/{name}.txt is missing; create it with GRYT_UPDATE_GOLDEN=1. Output was:\n{normalised}");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), normalised);
    }

    /// <summary>Ids are random (UUIDv7): replaced by a placeholder numbered in order of appearance.</summary>
    public static string Normalise(string text)
    {
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        return Uuid().Replace(text.ReplaceLineEndings("\n"), match =>
        {
            if (!seen.TryGetValue(match.Value, out var n)) seen[match.Value] = n = seen.Count + 1;
            return $"<id-{n}>";
        });
    }

    private static string SourceProjectFolder(string callerFile)
    {
        // The caller lives in <project>/<folder>/X.cs or <project>/X.cs; the project holds the .csproj.
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(callerFile)!); dir is not null; dir = dir.Parent)
        {
            if (dir.GetFiles("*.csproj").Length > 0) return dir.FullName;
        }

        throw new InvalidOperationException($"no project folder above {callerFile}");
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid();
}
