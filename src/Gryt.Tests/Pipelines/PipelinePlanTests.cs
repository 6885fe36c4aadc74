using System.Text;
using Gryt.Pipelines.Hosting;
using Gryt.Pipelines.Loading;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>The exact commands a C# pipeline describes for <c>pipeline show</c> and <c>run --dry-run</c>.</summary>
public sealed class PipelinePlanTests
{
    [Fact]
    public async Task A_csharp_pipeline_describes_its_built_in_steps_commands_where_it_runs_and_marks_custom_steps()
    {
        using var folder = new TempDirectory();
        var pipeline = new Pipeline("plan", [
            new DotnetBuildStep("build") { Args = ["--no-restore", "$(reboot)"], WorkingDirectory = "src" },
            new NugetPushStep("push", "out/*.nupkg") { Source = "https://nuget.example.test/v3/index.json", Args = ["--api-key", "key-98765"], Environment = new Dictionary<string, string> { ["NUGET_KEY"] = "key-98765" } },
            Step.Run("custom", _ => { }),
            new CommandStep("shell", "echo hi"),
        ]) { Secrets = ["NUGET_KEY"] };
        using var output = new StringWriter(new StringBuilder());

        var exit = await PipelineHost.RunAsync(pipeline, [PipelineHostEnvironment.DescribeArgument], output, _ => null, folder.Path, CancellationToken.None);

        Assert.Equal(0, exit);
        var info = PipelineInfo.ReadJson(output.ToString().Trim()[PipelineHostEnvironment.DescribePrefix.Length..]);
        var build = Assert.Single(info.Steps[0].Plan!.Commands);
        Assert.Equal(["dotnet", "build", "--configuration", "Release", "--no-restore", "$(reboot)"], build.Argv);
        Assert.Equal("dotnet build --configuration Release --no-restore '$(reboot)'", build.Display);
        Assert.Equal("src", info.Steps[0].WorkingDirectory);
        Assert.Equal("dotnet nuget push 'out/*.nupkg' --source https://nuget.example.test/v3/index.json --skip-duplicate --api-key '***'", Assert.Single(info.Steps[1].Plan!.Commands).Display);
        Assert.True(info.Steps[2].Custom);
        Assert.Null(info.Steps[2].Plan);
        Assert.False(info.Steps[3].Custom);
        Assert.Equal("echo hi", info.Steps[3].Run);
    }

    [Fact]
    public void Planning_writes_nothing_and_leaves_file_patterns_for_the_run_to_expand()
    {
        using var folder = new TempDirectory();
        var pipeline = new Pipeline("plan", [
            new DotnetTestStep("test") { CollectCoverage = true },
            new GithubReleaseStep("release", "v1") { Files = ["dist/*.zip"], Environment = new Dictionary<string, string> { ["GITHUB_TOKEN"] = "ghp-test" } },
        ]);

        var info = PipelineInfo.From(pipeline, folder.Path);

        Assert.Contains($"--settings {ToolInvocation.PreviewScratch}/coverage.runsettings", info.Steps[0].Plan!.Commands[0].Display, StringComparison.Ordinal);
        Assert.False(Directory.Exists(ToolInvocation.PreviewScratch));
        Assert.Equal($"gh release create v1 '{folder.Path}/dist/*.zip' --generate-notes", Assert.Single(info.Steps[1].Plan!.Commands).Display);
        Assert.Empty(Directory.EnumerateFileSystemEntries(folder.Path));
    }
}
