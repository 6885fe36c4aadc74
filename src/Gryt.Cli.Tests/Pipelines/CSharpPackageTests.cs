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

    private static string Hello(string name, string version) => HelloWith(name, $"#:package Gryt@{version}");

    private static string HelloWith(string name, string directives) => $$"""
        {{directives}}
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

    [Fact]
    [Trait("Category", "Slow")]
    public void The_built_binary_runs_a_packaged_csharp_pipeline_offline_from_its_feed() =>
        RunHelloWithTheBuiltBinary(Hello("hello", Version));

    /// <summary>
    /// Runs a pipeline file <c>hello</c> with the built gryt in a new repository that has no package
    /// source (and <paramref name="extraFiles"/> at its root): the Gryt package comes from the feed beside the binary.
    /// </summary>
    private void RunHelloWithTheBuiltBinary(string pipeline, params (string Name, string Content)[] extraFiles)
    {
        var repo = Directory.CreateDirectory(_folder.Combine("repo")).FullName;
        Assert.Equal(0, ProcessRunner.Run("git", repo, null, "init", "--quiet", "--initial-branch=main").ExitCode);
        File.WriteAllText(Path.Combine(repo, "nuget.config"), NoSources);
        foreach (var (name, content) in extraFiles) File.WriteAllText(Path.Combine(repo, name), content);
        Assert.Equal(0, GrytBinary.Run(repo, "init").ExitCode);
        File.WriteAllText(Path.Combine(repo, ".gryt", "pipelines", "hello.cs"), pipeline);

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

    /// <summary>A repository whose root manages package versions centrally, as this one does.</summary>
    private static string CentralPackages(string version) => $"""
        <Project>
          <PropertyGroup><ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally></PropertyGroup>
          <ItemGroup>
            <PackageVersion Include="xunit" Version="2.9.3" />
            <PackageVersion Include="Gryt" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>
    /// Under central package management NuGet rejects a version in <c>#:package Gryt@x</c> (NU1008): the file
    /// opts out with a property, or leaves the version to Directory.Packages.props (docs/pipelines.md).
    /// </summary>
    [Theory]
    [InlineData("#:package Gryt@{0}\n#:property ManagePackageVersionsCentrally=false")]
    [InlineData("#:package Gryt")]
    public void The_built_binary_runs_a_packaged_csharp_pipeline_in_a_repository_with_central_package_management(string directives) =>
        RunHelloWithTheBuiltBinary(
            HelloWith("hello", directives.Replace("{0}", Version, StringComparison.Ordinal)),
            ("Directory.Packages.props", CentralPackages(Version)));

    [Fact]
    public void A_versioned_package_under_central_package_management_is_explained()
    {
        using var project = new PipelineCliProject();
        File.WriteAllText(Path.Combine(project.Root, "nuget.config"), NoSources);
        File.WriteAllText(Path.Combine(project.Root, "Directory.Packages.props"), CentralPackages(Version));
        project.Write("central.cs", Hello("central", Version));

        var (exit, _, error) = project.Gryt("pipeline", "validate", "central");

        Assert.Equal(2, exit);
        Assert.Contains("could not be restored: error NU1008", error, StringComparison.Ordinal);
        Assert.Contains("#:property ManagePackageVersionsCentrally=false", error, StringComparison.Ordinal);
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
