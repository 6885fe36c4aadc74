using System.Reflection;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>
/// The real <c>gryt</c> launcher that the build copies next to <c>Gryt.Cli.dll</c> in the CLI
/// project's output folder (same configuration and framework as these tests).
/// </summary>
internal static class GrytBinary
{
    private static readonly Lazy<string> Location = new(Find);

    public static string Path => Location.Value;

    /// <summary>Runs the binary with a clean environment: no colour, no CI or GRYT_* settings from the machine.</summary>
    public static CliResult Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    /// <summary>As <see cref="Run(string, string[])"/>, with <paramref name="extra"/> variables on top (e.g. a test crash point).</summary>
    public static CliResult Run(string workingDirectory, IReadOnlyDictionary<string, string?>? extra, params string[] args) =>
        ProcessRunner.Run(Path, workingDirectory, new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["GRYT_DB"] = null,
            ["GRYT_DEBUG"] = null,
            ["GRYT_ACTOR"] = null,
            ["CI"] = null,
            ["NO_COLOR"] = "1",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        }, args);

    private static string Find()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(System.IO.Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? testOutput.Parent!.Name;
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(System.IO.Path.Combine(dir.FullName, "Gryt.slnx"))) continue;
            var launcher = System.IO.Path.Combine(dir.FullName, "src", "Gryt.Cli", "bin", configuration, framework, OperatingSystem.IsWindows() ? "gryt.exe" : "gryt");
            Assert.True(File.Exists(launcher), $"the gryt launcher is missing at {launcher}; build src/Gryt.Cli first");
            return launcher;
        }

        throw new InvalidOperationException($"Gryt.slnx not found above {testOutput.FullName}");
    }
}
