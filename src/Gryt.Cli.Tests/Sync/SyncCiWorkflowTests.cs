using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary><c>gryt init --ci</c> with a sync server configured: pull before the run, push after it, the key from the platform's secrets.</summary>
public sealed class SyncCiWorkflowTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("github", ".github/workflows/gryt.yml")]
    [InlineData("gitlab", ".gitlab-ci.yml")]
    [InlineData("circleci", ".circleci/config.yml")]
    [InlineData("azure", "azure-pipelines.yml")]
    public void With_a_server_the_workflow_pulls_before_the_run_and_pushes_after_it(string service, string file)
    {
        _project.Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", "https://gryt.example.invalid", "--project", "shop");

        _project.Gryt.Ok("init", "--ci", service, "--pipeline", "release");

        var text = File.ReadAllText(Path.Combine(_project.Root, file));
        var pull = text.IndexOf("gryt sync pull", StringComparison.Ordinal);
        var run = text.IndexOf("gryt run release", StringComparison.Ordinal);
        var push = text.IndexOf("gryt sync push --evolutions", StringComparison.Ordinal);
        Assert.True(pull > 0 && pull < run && run < push, text);
        Assert.Contains("GRYT_TOKEN", text, StringComparison.Ordinal);
        Assert.DoesNotContain("# - ", text[push..], StringComparison.Ordinal);
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader(text));
    }

    [Fact]
    public void Without_a_server_the_push_step_stays_a_comment()
    {
        _project.Gryt.Ok("init", "--ci", "github", "--pipeline", "release");

        var text = File.ReadAllText(Path.Combine(_project.Root, ".github", "workflows", "gryt.yml"));
        Assert.DoesNotContain("gryt sync pull", text, StringComparison.Ordinal);
        Assert.Contains("#   run: gryt sync push --evolutions", text, StringComparison.Ordinal);
    }
}
