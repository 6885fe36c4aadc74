namespace Gryt.Tests.Steps.Publishing;

/// <summary>
/// nuget-push for real against a local folder feed (no HTTP NuGet server is packaged for this
/// machine: neither BaGetter nor a feed server is served by its registries).
/// </summary>
[Trait("Category", "Slow")]
public sealed class NugetPushTests : IDisposable
{
    private const string Key = "gryt-test-nuget-key-41d2";
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-nuget-push-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Feed => Path.Combine(_folder, "feed");

    private static Dictionary<string, string> Environment() => new()
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["NUGET_API_KEY"] = Key,
    };

    [ToolFact("dotnet")]
    public async Task Push_puts_the_package_in_the_folder_feed_and_keeps_the_key_out_of_the_output()
    {
        var package = PublishTestSupport.Nupkg(Path.Combine(_folder, "artifacts"), "Gryt.Demo", "1.2.0");
        Directory.CreateDirectory(Feed);
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new NugetPushStep("push", "artifacts/*.nupkg") { Source = "feed" }, _folder, Environment());

        Assert.True(outcome.Passed, harness.Output);
        Assert.Equal(File.ReadAllBytes(package), File.ReadAllBytes(Path.Combine(Feed, "Gryt.Demo.1.2.0.nupkg")));
        Assert.Equal(["nuget", "push", "artifacts/Gryt.Demo.1.2.0.nupkg", "--source", Feed], harness.Runtime.Started.Single().Arguments);
        Assert.DoesNotContain(Key, harness.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(harness.Runtime.Started.Single().Arguments, a => a.Contains(Key, StringComparison.Ordinal));
    }

    [ToolFact("dotnet")]
    public async Task A_version_already_in_the_feed_is_skipped_or_fails_and_is_never_overwritten()
    {
        PublishTestSupport.Nupkg(Path.Combine(_folder, "first"), "Gryt.Demo", "1.2.0");
        Directory.CreateDirectory(Feed);
        var harness = new StepHarness();
        Assert.True((await harness.RunAsync(new NugetPushStep("push", "first/*.nupkg") { Source = Feed }, _folder, Environment())).Passed, harness.Output);
        var published = File.ReadAllBytes(Path.Combine(Feed, "Gryt.Demo.1.2.0.nupkg"));
        // The same version rebuilt (different bytes) and a new one: NuGet alone would overwrite 1.2.0 in a folder feed.
        var rebuilt = PublishTestSupport.Nupkg(Path.Combine(_folder, "second"), "Gryt.Demo", "1.2.0");
        using (var zip = System.IO.Compression.ZipFile.Open(rebuilt, System.IO.Compression.ZipArchiveMode.Update))
        {
            using var writer = new StreamWriter(zip.CreateEntry("changed.txt").Open());
            writer.Write("changed");
        }

        PublishTestSupport.Nupkg(Path.Combine(_folder, "second"), "Gryt.Demo", "1.3.0");
        harness.Runtime.Started.Clear();

        var skipping = await harness.RunAsync(new NugetPushStep("push", "second/*.nupkg") { Source = Feed }, _folder, Environment());

        Assert.True(skipping.Passed, harness.Output);
        Assert.Contains($"Gryt.Demo 1.2.0 is already in {Feed}: skipped (skip_duplicate)", harness.Lines);
        Assert.Equal("second/Gryt.Demo.1.3.0.nupkg", harness.Runtime.Started.Single().Arguments[2]);
        Assert.Equal(published, File.ReadAllBytes(Path.Combine(Feed, "Gryt.Demo.1.2.0.nupkg")));
        Assert.True(File.Exists(Path.Combine(Feed, "Gryt.Demo.1.3.0.nupkg")));

        harness.Runtime.Started.Clear();
        var strict = await harness.RunAsync(new NugetPushStep("push", "second/Gryt.Demo.1.2.0.nupkg") { Source = Feed, SkipDuplicate = false }, _folder, Environment());

        Assert.False(strict.Passed);
        Assert.Equal($"nuget-push: Gryt.Demo 1.2.0 is already in {Feed} (skip_duplicate is off): push a new version", strict.Message);
        Assert.Empty(harness.Runtime.Started);
        Assert.Equal(published, File.ReadAllBytes(Path.Combine(Feed, "Gryt.Demo.1.2.0.nupkg")));
    }

    [ToolFact("dotnet")]
    public async Task A_feed_folder_that_does_not_exist_fails_before_the_push()
    {
        PublishTestSupport.Nupkg(Path.Combine(_folder, "artifacts"), "Gryt.Demo", "1.2.0");
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new NugetPushStep("push", "artifacts/*.nupkg") { Source = "./no-feed" }, _folder, Environment());

        Assert.False(outcome.Passed);
        Assert.Equal("nuget-push: the feed folder ./no-feed does not exist (create it, or correct source)", outcome.Message);
        Assert.Empty(harness.Runtime.Started);
    }

    [ToolFact("dotnet")]
    public async Task Dry_run_names_the_packages_and_versions_and_pushes_nothing()
    {
        PublishTestSupport.Nupkg(Path.Combine(_folder, "artifacts"), "Gryt.Demo", "2.0.0-rc.1");
        PublishTestSupport.Nupkg(Path.Combine(_folder, "artifacts"), "Gryt.Demo.Extras", "2.0.0-rc.1");
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(
            new NugetPushStep("push", "artifacts/*.nupkg") { Source = "https://nuget.example.test/v3/index.json", DryRun = true }, _folder, Environment());

        Assert.True(outcome.Passed, harness.Output);
        Assert.Equal([
            "dry run: would publish to https://nuget.example.test/v3/index.json",
            "  artifacts/Gryt.Demo.2.0.0-rc.1.nupkg (Gryt.Demo 2.0.0-rc.1)",
            "  artifacts/Gryt.Demo.Extras.2.0.0-rc.1.nupkg (Gryt.Demo.Extras 2.0.0-rc.1)",
            "credential from NUGET_API_KEY (set)",
        ], harness.Lines);
        Assert.Empty(harness.Runtime.Started);
        Assert.False(Directory.Exists(Feed));
    }
}
