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
        var cache = NewCache();
        var keys = new List<string> { cache.Key(file, feed) };

        Assert.Equal(keys[0], cache.Key(file, feed));
        File.AppendAllText(file, "// an edit\n");
        keys.Add(cache.Key(file, feed));
        File.WriteAllText(Path.Combine(repo, "Directory.Packages.props"), "<Project />");
        keys.Add(cache.Key(file, feed));
        File.WriteAllText(Path.Combine(repo, "nuget.config"), "<configuration />");
        keys.Add(cache.Key(file, feed));
        File.WriteAllText(Path.Combine(feed, "Gryt.0.1.0.nupkg"), "another build of the same version");
        keys.Add(cache.Key(file, feed));
        keys.Add(cache.Key(file, null));

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
        var cache = NewCache();

        var (_, before) = CSharpPipelineFile.Command(file, ["--gryt-describe"], null, cache);
        Assert.Equal("run", before[0]);

        var dll = FakeBuild(cache, file);
        var (_, after) = CSharpPipelineFile.Command(file, ["--gryt-describe"], null, cache);
        Assert.Equal([dll, "--gryt-describe"], after);

        // A gryt command takes the key once; the next one sees the edit.
        File.AppendAllText(file, "// an edit\n");
        Assert.Equal(dll, cache.Find(file, null));
        Assert.Null(NewCache().Find(file, null));
    }

    [Fact]
    public void The_key_reads_the_SDKs_of_the_hosts_environment()
    {
        var file = _folder.Combine("hello.cs");
        File.WriteAllText(file, "#:package Gryt@0.1.0\nusing Gryt;\n");
        var dotnetRoot = Directory.CreateDirectory(_folder.Combine("dotnet")).FullName;
        Directory.CreateDirectory(Path.Combine(dotnetRoot, "sdk", "10.0.100"));
        var withRoot = NewCache(new Dictionary<string, string> { ["DOTNET_ROOT"] = dotnetRoot, ["PATH"] = "" });
        var key = withRoot.Key(file, null);

        Assert.NotEqual(key, NewCache(new Dictionary<string, string> { ["PATH"] = "" }).Key(file, null));
        Directory.CreateDirectory(Path.Combine(dotnetRoot, "sdk", "10.0.200"));
        Assert.NotEqual(key, withRoot.Key(file, null));
    }

    [Fact]
    public void A_built_apps_description_is_kept_beside_it_and_goes_with_its_entry()
    {
        var file = _folder.Combine("hello.cs");
        File.WriteAllText(file, "#:package Gryt@0.1.0\nusing Gryt;\n");
        var cache = NewCache();
        var dll = FakeBuild(cache, file);
        Assert.Null(CSharpAppCache.Description(dll));

        cache.KeepDescription(dll, "{\"name\":\"hello\"}");
        Assert.Equal("{\"name\":\"hello\"}", CSharpAppCache.Description(dll));
        Assert.Equal(["hello.dll", "description.json"], Directory.GetFiles(Path.GetDirectoryName(dll)!).Select(Path.GetFileName).Order().Reverse());

        Directory.Delete(Path.GetDirectoryName(dll)!, recursive: true);
        Assert.Null(CSharpAppCache.Description(dll));
        cache.KeepDescription(dll, "{}");
        Assert.False(Directory.Exists(Path.GetDirectoryName(dll)));
    }

    private CSharpAppCache NewCache(Dictionary<string, string>? environment = null) =>
        new(_folder.Combine("cache"), GrytHost.Current with { ProcessId = 4242, Environment = environment ?? GrytHost.Current.Environment.ToDictionary() });

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
