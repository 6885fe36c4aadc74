using Gryt.Steps;
using Gryt.Tests.Pipelines;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Steps;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ToolLocatorTests
{
    private static string FakeTool(TempDirectory folder, string name, string script)
    {
        var bin = Directory.CreateDirectory(folder.Combine("bin")).FullName;
        var path = Path.Combine(bin, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    [Fact]
    public void A_tool_is_found_on_the_hosts_path_and_not_on_gryts_own()
    {
        using var folder = new TempDirectory();
        var bin = FakeTool(folder, "gryt-fake-tool", "exit 0");
        var host = GrytHost.Current with { Environment = new Dictionary<string, string> { ["PATH"] = bin } };

        Assert.Equal(Path.Combine(bin, "gryt-fake-tool"), ToolLocator.Find("gryt-fake-tool", host));
        Assert.Null(ToolLocator.Find("gryt-fake-tool", GrytHost.Current));
        Assert.Null(ToolLocator.Find("sh", host));
    }

    [Fact]
    public void A_probe_runs_with_exactly_the_environment_given()
    {
        using var folder = new TempDirectory();
        var bin = FakeTool(folder, "probe", "[ \"$WANTED\" = yes ] && [ -z \"$HOME\" ]");
        var tool = Path.Combine(bin, "probe");

        Assert.True(ToolLocator.Succeeds(tool, [], folder.Path, new Dictionary<string, string> { ["WANTED"] = "yes" }));
        Assert.False(ToolLocator.Succeeds(tool, [], folder.Path, new Dictionary<string, string>()));
        Assert.False(ToolLocator.Succeeds(Path.Combine(bin, "missing"), [], folder.Path, new Dictionary<string, string>()));
    }

    [Fact]
    public async Task A_tool_step_runs_the_tool_on_the_path_of_the_host_the_run_is_given()
    {
        using var project = new PipelineTestProject();
        using var folder = new TempDirectory();
        var marker = folder.Combine("ran.txt");
        var bin = FakeTool(folder, "go", $"echo \"fake go $*\" > '{marker}'");
        var host = GrytHost.Current with { Environment = new Dictionary<string, string> { ["PATH"] = bin } };

        var result = await new Pipeline("tools", [new GoModDownloadStep("download")])
            .ExecuteAsync(new ProcessRuntime(), project.Data, project.Options() with { Host = host });

        Assert.Equal(RunStatus.Pass, result.Status);
        Assert.Equal("fake go mod download", File.ReadAllText(marker).Trim());
    }

    [Fact]
    public async Task A_tool_missing_from_the_hosts_path_fails_the_step()
    {
        using var project = new PipelineTestProject();
        using var folder = new TempDirectory();
        var host = GrytHost.Current with { Environment = new Dictionary<string, string> { ["PATH"] = folder.Path } };

        var result = await new Pipeline("tools", [new GoModDownloadStep("download")])
            .ExecuteAsync(new ProcessRuntime(), project.Data, project.Options() with { Host = host });

        Assert.Equal(RunStatus.Fail, result.Status);
        Assert.Equal("go is not installed (not found on PATH)", result.Steps[0].Message);
    }
}
