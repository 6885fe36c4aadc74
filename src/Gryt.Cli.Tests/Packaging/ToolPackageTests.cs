using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Packaging;

/// <summary>
/// The tool as users get it: packed by scripts/pack.sh (native on linux-x64), installed from a folder
/// feed into a tool path, then used to run a C# pipeline that restores the Gryt package offline, from
/// the feed inside the tool, with an empty NuGet cache and no package source configured, and to walk
/// the demo (scripts/demo.sh).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ToolPackageTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromMinutes(4);
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_packed_tool_installs_from_a_folder_feed_and_runs_a_csharp_pipeline_offline()
    {
        var version = GrytVersion.Current;
        var feed = _folder.Combine("feed");
        var tools = _folder.Combine("tools");
        var repo = _folder.Combine("repo");
        var environment = new Dictionary<string, string?>
        {
            // An empty global packages folder: whatever restore needs must come from the feeds.
            ["NUGET_PACKAGES"] = _folder.Combine("nuget-packages"),
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
            ["GRYT_DB"] = null,
            ["GRYT_PACKAGE_SOURCE"] = null,
            ["CI"] = null,
            ["NO_COLOR"] = "1",
        };

        var pack = ProcessRunner.Run(TimeSpan.FromMinutes(15), "bash", RepositoryRoot(), null, Path.Combine("scripts", "pack.sh"), feed);
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(feed, $"Gryt.Cli.{version}.nupkg")), pack.ToString());
        Assert.True(File.Exists(Path.Combine(feed, $"Gryt.Cli.any.{version}.nupkg")), pack.ToString());
        Assert.True(File.Exists(Path.Combine(feed, $"Gryt.{version}.nupkg")), pack.ToString());
        AssertReadyToRunLibrary(Path.Combine(feed, $"Gryt.{version}.nupkg"));

        // Only the local feed: a tool of the same name on nuget.org can never be picked.
        var config = _folder.Combine("nuget.config");
        File.WriteAllText(config, NugetConfig(feed));
        var install = ProcessRunner.Run(Slow, "dotnet", _folder.Path, environment,
            "tool", "install", "--tool-path", tools, "--configfile", config, "--version", version, "Gryt.Cli");
        Assert.True(install.ExitCode == 0, install.ToString());

        var gryt = Path.Combine(tools, OperatingSystem.IsWindows() ? "gryt.exe" : "gryt");
        var shown = ProcessRunner.Run(gryt, _folder.Path, environment, "--version");
        Assert.Equal(version, shown.Out.Trim());
        if (NativeBuildExpected())
        {
            // linux-x64 with a C toolchain: the native package, a binary with no managed dll beside it.
            Assert.True(File.Exists(Path.Combine(feed, $"Gryt.Cli.linux-x64.{version}.nupkg")), pack.ToString());
            var installed = new FileInfo(gryt).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? gryt;
            Assert.Contains("gryt.cli.linux-x64", installed, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(installed)!, "Gryt.Cli.dll")), installed);
            Assert.True(Directory.Exists(Path.Combine(Path.GetDirectoryName(installed)!, "feed")), installed);
            // The library in the tool's own feed (what C# pipelines restore) is the ReadyToRun one too.
            AssertReadyToRunLibrary(Path.Combine(Path.GetDirectoryName(installed)!, "feed", $"gryt.{version}.nupkg"));
        }

        Directory.CreateDirectory(repo);
        Assert.Equal(0, ProcessRunner.Run("git", repo, null, "init", "--quiet", "--initial-branch=main").ExitCode);
        // No package source at all in the repository: the Gryt package can only come from the tool's feed/.
        File.WriteAllText(Path.Combine(repo, "nuget.config"), NugetConfig(null));
        Assert.Equal(0, ProcessRunner.Run(gryt, repo, environment, "init").ExitCode);
        File.WriteAllText(Path.Combine(repo, ".gryt", "pipelines", "hello.cs"), $$"""
            #:package Gryt@{{version}}
            using Gryt;

            var greet = new CommandStep("greet", "echo hello from a packaged gryt");
            return await PipelineHost.RunAsync(new Pipeline("hello", [greet]), args);
            """);

        var run = ProcessRunner.Run(Slow, gryt, repo, environment, "run", "hello", "--no-evolution");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("✓ greet", run.Out, StringComparison.Ordinal);
        Assert.Contains("hello passed", run.Out, StringComparison.Ordinal);

        // The README's main job, walked by the installed gryt: contract, proofs, promotion, audit, hot-fix.
        var demo = ProcessRunner.Run(Slow, "bash", _folder.Path, new Dictionary<string, string?>(environment) { ["GRYT_BIN"] = gryt },
            Path.Combine(RepositoryRoot(), "scripts", "demo.sh"));
        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.Contains("v2.1.0", demo.Out, StringComparison.Ordinal);
        Assert.Contains("$ gryt audit hotfix-promote v2.1.1", demo.Out, StringComparison.Ordinal);
    }

    /// <summary>
    /// The Gryt package's lib/net10.0/Gryt.dll carries ReadyToRun code for linux-x64 (a managed native
    /// header, the Linux x64 machine) and still its IL, which other platforms JIT.
    /// </summary>
    private static void AssertReadyToRunLibrary(string nupkg)
    {
        var found = Directory.GetFiles(Path.GetDirectoryName(nupkg)!)
            .SingleOrDefault(f => string.Equals(Path.GetFileName(f), Path.GetFileName(nupkg), StringComparison.OrdinalIgnoreCase));
        Assert.True(found is not null, nupkg + " is missing");
        using var zip = System.IO.Compression.ZipFile.OpenRead(found);
        var entry = zip.GetEntry("lib/net10.0/Gryt.dll");
        Assert.True(entry is not null, found + " has no lib/net10.0/Gryt.dll");
        using var bytes = new MemoryStream();
        using (var stream = entry.Open()) stream.CopyTo(bytes);
        bytes.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(bytes);
        var cor = pe.PEHeaders.CorHeader!;
        Assert.True(cor.ManagedNativeHeaderDirectory.Size > 0, "Gryt.dll in " + found + " is not ReadyToRun");
        // ReadyToRun code for Linux marks the machine as x64 XOR the Linux value (0x7B79), so that Windows never loads it as native code.
        Assert.Equal((System.Reflection.PortableExecutable.Machine)(0x8664 ^ 0x7B79), pe.PEHeaders.CoffHeader.Machine);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var bodies = metadata.MethodDefinitions.Select(metadata.GetMethodDefinition).Count(m => m.RelativeVirtualAddress != 0);
        Assert.True(bodies > 1000, $"Gryt.dll in {found} kept {bodies} IL method bodies");
    }

    /// <summary>scripts/pack.sh builds the native package on linux-x64 where clang or gcc is on the PATH.</summary>
    private static bool NativeBuildExpected() =>
        OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.OSArchitecture == System.Runtime.InteropServices.Architecture.X64
        && (OnPath("clang") || OnPath("gcc"));

    private static bool OnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, program)));

    private static string NugetConfig(string? source) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            {(source is null ? "" : $"<add key=\"gryt-feed\" value=\"{source}\" />")}
          </packageSources>
        </configuration>
        """;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) return dir.FullName;
        }

        throw new InvalidOperationException("Gryt.slnx not found above " + AppContext.BaseDirectory);
    }
}
