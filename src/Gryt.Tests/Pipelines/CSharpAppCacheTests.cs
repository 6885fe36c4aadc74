using Gryt.Pipelines.Hosting;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>What rebuilds a cached C# pipeline: any change of the file, of the build files around it or of the feed it restores from.</summary>
public sealed class CSharpAppCacheTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void The_key_changes_with_the_file_the_build_files_around_it_and_the_feed()
    {
        var repo = Directory.CreateDirectory(_folder.Combine("repo")).FullName;
        var pipelines = Directory.CreateDirectory(Path.Combine(repo, ".gryt", "pipelines")).FullName;
        var feed = Directory.CreateDirectory(_folder.Combine("feed")).FullName;
        var file = Path.Combine(pipelines, "hello.cs");
        File.WriteAllText(file, "#:package Gryt@0.1.0\nusing Gryt;\n");
        File.WriteAllText(Path.Combine(feed, "Gryt.0.1.0.nupkg"), "one");
        var keys = new List<string> { CSharpAppCache.Key(file, feed) };

        Assert.Equal(keys[0], CSharpAppCache.Key(file, feed));
        File.AppendAllText(file, "// an edit\n");
        keys.Add(CSharpAppCache.Key(file, feed));
        File.WriteAllText(Path.Combine(repo, "Directory.Packages.props"), "<Project />");
        keys.Add(CSharpAppCache.Key(file, feed));
        File.WriteAllText(Path.Combine(repo, "nuget.config"), "<configuration />");
        keys.Add(CSharpAppCache.Key(file, feed));
        File.WriteAllText(Path.Combine(feed, "Gryt.0.1.0.nupkg"), "another build of the same version");
        keys.Add(CSharpAppCache.Key(file, feed));
        keys.Add(CSharpAppCache.Key(file, null));

        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void A_file_with_a_project_reference_or_a_floating_version_is_not_cached()
    {
        var pinned = _folder.Combine("pinned.cs");
        File.WriteAllText(pinned, "#:package Gryt@0.1.0\nusing Gryt;\n");
        var floating = _folder.Combine("floating.cs");
        File.WriteAllText(floating, "#:package Gryt@0.*\nusing Gryt;\n");
        var byProject = _folder.Combine("project.cs");
        File.WriteAllText(byProject, "#:project ../src/Gryt/Gryt.csproj\nusing Gryt;\n");

        Assert.True(CSharpAppCache.CanCache(pinned));
        Assert.False(CSharpAppCache.CanCache(floating));
        Assert.False(CSharpAppCache.CanCache(byProject));
    }

    [Fact]
    public void Without_a_built_app_the_file_runs_with_dotnet_run_and_with_one_the_app_starts_directly()
    {
        var file = _folder.Combine("hello.cs");
        File.WriteAllText(file, "#:package Gryt@0.1.0\nusing Gryt;\n");
        var cache = new CSharpAppCache(_folder.Combine("cache"));

        var (_, before) = CSharpPipelineFile.Command(file, ["--gryt-describe"], null, cache);
        Assert.Equal("run", before[0]);

        var dll = FakeBuild(cache, file);
        var (_, after) = CSharpPipelineFile.Command(file, ["--gryt-describe"], null, cache);
        Assert.Equal([dll, "--gryt-describe"], after);

        File.AppendAllText(file, "// an edit\n");
        Assert.Null(cache.Find(file, null));
    }

    private static string FakeBuild(CSharpAppCache cache, string file)
    {
        // What BuildAsync leaves: the app's dll in the entry of the file's current key.
        var probe = cache.EntryFor(file, null);
        Directory.CreateDirectory(probe);
        var dll = Path.Combine(probe, "hello.dll");
        File.WriteAllText(dll, "");
        Assert.Equal(dll, cache.Find(file, null));
        return dll;
    }
}
