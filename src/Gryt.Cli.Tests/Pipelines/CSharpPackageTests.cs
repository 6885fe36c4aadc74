using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Pipelines;

/// <summary>C# pipelines that reference the Gryt package (<c>#:package Gryt@VERSION</c>), run by a gryt that was built, not installed.</summary>
[Trait("Category", "Slow")]
public sealed class CSharpPackageTests : IDisposable
{
    private static readonly string Version = GrytVersion.Current;
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private const string NoSources = """
        <?xml version="1.0" encoding="utf-8"?>
        <configuration><packageSources><clear /></packageSources></configuration>
        """;

    private static string Hello(string name, string version) => $$"""
        #:package Gryt@{{version}}
        using Gryt;

        var greet = new CommandStep("greet", "echo hello from {{name}}");
        return await PipelineHost.RunAsync(new Pipeline("{{name}}", [greet]), args);
        """;

    [Fact]
    public void A_build_of_gryt_has_the_package_feed_beside_it()
    {
        var feed = Path.Combine(Path.GetDirectoryName(GrytBinary.Path)!, "feed");

        Assert.True(File.Exists(Path.Combine(feed, $"Gryt.{Version}.nupkg")), $"no Gryt.{Version}.nupkg in {feed}");
        Assert.Contains(Directory.GetFiles(feed, "*.nupkg"), file => Path.GetFileName(file).StartsWith("microsoft.data.sqlite.", StringComparison.Ordinal));
        Assert.Contains(Directory.GetFiles(feed, "*.nupkg"), file => Path.GetFileName(file).StartsWith("yamldotnet.", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_built_binary_runs_a_packaged_csharp_pipeline_offline_from_its_feed(bool centralPackageManagement)
    {
        var repo = Directory.CreateDirectory(_folder.Combine("repo")).FullName;
        Assert.Equal(0, ProcessRunner.Run("git", repo, null, "init", "--quiet", "--initial-branch=main").ExitCode);
        File.WriteAllText(Path.Combine(repo, "nuget.config"), NoSources);
        if (centralPackageManagement)
        {
            // The repository's own projects take their versions from here; #:package Gryt@VERSION still works.
            File.WriteAllText(Path.Combine(repo, "Directory.Packages.props"), """
                <Project>
                  <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
                  <ItemGroup><PackageVersion Include="xunit" Version="2.9.3" /></ItemGroup>
                </Project>
                """);
        }

        Assert.Equal(0, GrytBinary.Run(repo, "init").ExitCode);
        File.WriteAllText(Path.Combine(repo, ".gryt", "pipelines", "hello.cs"), Hello("hello", Version));

        var run = ProcessRunner.Run(TimeSpan.FromMinutes(4), GrytBinary.Path, repo, new Dictionary<string, string?>
        {
            // An empty global packages folder: everything comes from the feed beside the binary.
            ["NUGET_PACKAGES"] = _folder.Combine("nuget-packages"),
            ["GRYT_PACKAGE_SOURCE"] = null,
            ["GRYT_DB"] = null,
            ["CI"] = null,
            ["NO_COLOR"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        }, "run", "hello", "--no-evolution");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("✓ greet", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_packaged_csharp_pipeline_is_built_once_rebuilt_after_an_edit_and_safe_under_two_gryt_processes()
    {
        var repo = Directory.CreateDirectory(_folder.Combine("repo")).FullName;
        Assert.Equal(0, ProcessRunner.Run("git", repo, null, "init", "--quiet", "--initial-branch=main").ExitCode);
        File.WriteAllText(Path.Combine(repo, "nuget.config"), NoSources);
        Assert.Equal(0, GrytBinary.Run(repo, "init").ExitCode);
        var file = Path.Combine(repo, ".gryt", "pipelines", "hello.cs");
        var cache = Path.Combine(repo, ".gryt", "cache", "csharp");
        var environment = new Dictionary<string, string?>
        {
            ["NUGET_PACKAGES"] = _folder.Combine("nuget-packages"),
            ["GRYT_PACKAGE_SOURCE"] = null,
            ["GRYT_DB"] = null,
            ["CI"] = null,
            ["NO_COLOR"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        CliResult Run() => ProcessRunner.Run(TimeSpan.FromMinutes(4), GrytBinary.Path, repo, environment, "run", "hello", "--no-evolution");
        int Entries() => Directory.GetDirectories(Directory.GetDirectories(cache).Single()).Count(d => !Path.GetFileName(d).StartsWith('.'));

        File.WriteAllText(file, Hello("hello", Version));
        var first = Run();
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("compiling hello.cs…", first.Err, StringComparison.Ordinal);

        // The app described itself once, after its build: a cached run starts only the app.
        var description = Assert.Single(Directory.GetFiles(cache, "description.json", SearchOption.AllDirectories));
        var cached = Run();
        Assert.True(cached.ExitCode == 0, cached.ToString());
        Assert.DoesNotContain("compiling", cached.Err, StringComparison.Ordinal);
        Assert.Contains("✓ greet", cached.Out, StringComparison.Ordinal);

        File.WriteAllText(file, Hello("hello", Version).Replace("echo hello from hello", "echo edited", StringComparison.Ordinal));
        var edited = Run();
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Contains("compiling hello.cs…", edited.Err, StringComparison.Ordinal);
        Assert.Equal(1, Entries());
        Assert.False(File.Exists(description));
        var shown = ProcessRunner.Run(TimeSpan.FromMinutes(4), GrytBinary.Path, repo, environment, "pipeline", "show", "hello");
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("echo edited", shown.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("compiling", shown.Err, StringComparison.Ordinal);

        // A file that no longer builds is bad input, and fixing it back finds nothing stale.
        File.WriteAllText(file, Hello("hello", Version) + "\nthis is not C#\n");
        var broken = Run();
        Assert.Equal(2, broken.ExitCode);
        Assert.Contains("does not build (dotnet build exited with", broken.Err, StringComparison.Ordinal);

        // Two gryt processes after an edit: one builds, the other waits for it; both run the new app.
        File.WriteAllText(file, Hello("hello", Version).Replace("echo hello from hello", "echo twice", StringComparison.Ordinal));
        var both = await Task.WhenAll(Task.Run(Run), Task.Run(Run));
        Assert.All(both, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Equal(1, Entries());
        var logs = Directory.GetFiles(Path.Combine(repo, ".gryt", "logs"), "*.log", SearchOption.AllDirectories);
        Assert.Equal(2, logs.Count(l => File.ReadAllText(l).Contains("twice", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_package_that_cannot_be_restored_is_named_as_the_cause()
    {
        using var project = new PipelineCliProject();
        File.WriteAllText(Path.Combine(project.Root, "nuget.config"), NoSources);
        project.Write("missing.cs", Hello("missing", "0.0.0-not-published"));

        var (exit, _, error) = project.Gryt("pipeline", "validate", "missing");

        Assert.Equal(2, exit);
        Assert.Contains("the C# pipeline's packages could not be restored: error NU11", error, StringComparison.Ordinal);
        Assert.Contains("Gryt", error, StringComparison.Ordinal);
        Assert.DoesNotContain("must build a Pipeline", error, StringComparison.Ordinal);
        Assert.Contains("hint: ", error, StringComparison.Ordinal);
    }
}
