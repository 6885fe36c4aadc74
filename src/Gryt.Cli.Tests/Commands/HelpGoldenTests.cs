using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>Every command's <c>--help</c>, pinned by a golden file (GRYT_UPDATE_GOLDEN=1 to accept changes).</summary>
public sealed class HelpGoldenTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("help-gryt")]
    [InlineData("help-init", "init")]
    [InlineData("help-new", "new")]
    [InlineData("help-generation", "generation")]
    [InlineData("help-generation-new", "generation", "new")]
    [InlineData("help-generation-update", "generation", "update")]
    [InlineData("help-generation-list", "generation", "list")]
    [InlineData("help-generation-show", "generation", "show")]
    [InlineData("help-db", "db")]
    [InlineData("help-db-query", "db", "query")]
    [InlineData("help-db-metric", "db", "metric")]
    [InlineData("help-sync", "sync")]
    [InlineData("help-sync-push", "sync", "push")]
    public void Help_matches_its_golden_file(string golden, params string[] command)
    {
        // Help works outside a project: it must not need .gryt/.
        var result = new CliRunner(_folder.Path).Run([.. command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Err);
        Golden.Verify(golden, result.Out);
    }

    [Fact]
    public void Gryt_without_arguments_shows_the_same_help_as_gryt_help()
    {
        var runner = new CliRunner(_folder.Path);

        var bare = runner.Run();

        Assert.Equal(0, bare.ExitCode);
        Assert.Equal(runner.Run("--help").Out, bare.Out);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("-?")]
    public void Short_help_options_print_the_same_help(string option)
    {
        var runner = new CliRunner(_folder.Path);

        Assert.Equal(runner.Run("generation", "--help").Out, runner.Run("generation", option).Out);
    }
}
