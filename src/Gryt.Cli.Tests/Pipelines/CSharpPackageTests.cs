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
