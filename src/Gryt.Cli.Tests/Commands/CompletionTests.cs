using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

public sealed class CompletionTests : IDisposable
{
    private readonly CliProject _project = new();

    public CompletionTests()
    {
        _project.Gryt.Ok("generation", "new", "v1.2.0");
        _project.WriteContract("v1.2.0", "version: v1.2.0\nchanges:\n  - { type: add, id: FEAT-7, title: Seven }\n  - { type: fix, id: BUG-3, title: Three }\n");
        _project.Gryt.Ok("generation", "new", "v1.10.0");
        File.WriteAllText(Path.Combine(_project.Root, ".gryt", "pipelines", "release.yaml"), "steps:\n  - { name: a, run: 'true' }\n");
    }

    public void Dispose() => _project.Dispose();

    [Fact]
    public void Complete_lists_versions_changes_pipelines_and_templates_of_the_project()
    {
        Assert.Equal("v1.2.0\nv1.10.0\n", _project.Gryt.Ok("__complete", "versions").Out);
        Assert.Equal("BUG-3\nFEAT-7\n", _project.Gryt.Ok("__complete", "changes").Out);
        Assert.Equal("", _project.Gryt.Ok("__complete", "changes", "v1.10.0").Out);
        Assert.Equal("example\nrelease\n", _project.Gryt.Ok("__complete", "pipelines").Out);
        Assert.StartsWith("dotnet-release\ngo-release\n", _project.Gryt.Ok("__complete", "templates").Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.BadInput, _project.Gryt.Run("__complete", "colours").ExitCode);
    }

    [Fact]
    public void The_suggest_directive_completes_commands_and_project_values()
    {
        string Suggest(string line) => _project.Gryt.Ok($"[suggest:{line.Length}]", line).Out;

        Assert.Equal("generation\n", Suggest("gryt gen"));
        Assert.Contains("v1.10.0\n", Suggest("gryt generation show "), StringComparison.Ordinal);
        Assert.DoesNotContain("v1.", Suggest("gryt generation new "), StringComparison.Ordinal);
        Assert.Equal("BUG-3\nFEAT-7\n", Suggest("gryt evolution start v1.2.0 --change "));
        // System.CommandLine matches option names containing the word too (--dry-run).
        Assert.StartsWith("release\n", Suggest("gryt run r"), StringComparison.Ordinal);
        Assert.DoesNotContain("example", Suggest("gryt run r"), StringComparison.Ordinal);
        Assert.Equal("node-ci\n", Suggest("gryt new app --template n"));
    }

    [Fact]
    public void Complete_is_hidden_from_help()
    {
        Assert.DoesNotContain("__complete", _project.Gryt.Ok("--help").Out, StringComparison.Ordinal);
        Assert.Contains("completion", _project.Gryt.Ok("--help").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bash")]
    [InlineData("zsh")]
    [InlineData("pwsh")]
    public void Each_shell_gets_a_script_that_asks_gryt(string shell)
    {
        var script = _project.Gryt.Ok("completion", shell).Out;
        Assert.Contains("gryt \"[suggest:", script, StringComparison.Ordinal);
        Golden.Verify("completion-" + shell, script);
    }

    [Fact]
    public void The_bash_script_parses_and_completes_pipeline_names_with_the_real_gryt()
    {
        var script = Path.Combine(_project.Root, "gryt-completion.bash");
        File.WriteAllText(script, _project.Gryt.Ok("completion", "bash").Out);
        var syntax = ProcessRunner.Run("bash", _project.Root, null, "-n", script);
        Assert.True(syntax.ExitCode == 0, syntax.ToString());

        var path = Path.GetDirectoryName(GrytBinary.Path) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var completed = ProcessRunner.Run("bash", _project.Root, new Dictionary<string, string?> { ["PATH"] = path, ["GRYT_DB"] = null },
            "-c", $"source '{script}'; COMP_LINE='gryt run re'; COMP_POINT=11; COMP_WORDS=(gryt run re); COMP_CWORD=2; _gryt_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"");
        Assert.True(completed.ExitCode == 0, completed.ToString());
        Assert.Equal("release\n", completed.Out);
    }
}
