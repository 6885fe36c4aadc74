using System.Text;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>
/// A command line builds only the top-level command it names (GrytApp.Create with args): what users
/// see must be what the whole tree would show.
/// </summary>
public sealed class CommandTreeTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    public static TheoryData<string[]> Lines() =>
    [
        ["generation", "--help"],
        ["generation", "list", "--help"],
        ["audit", "export", "--help"],
        ["run", "--help"],
        ["__complete", "--help"],
        ["--help"],
        ["--version"],
        [],
        ["generation", "lst"],
        ["generation", "list", "--bogus"],
        ["generaton", "list"],
        ["--version", "sync"],
        ["sync", "--version"],
        ["run", "generation"],
    ];

    [Theory]
    [MemberData(nameof(Lines))]
    public async Task A_line_shows_what_the_whole_tree_shows(string[] args)
    {
        var pruned = _project.Gryt.Run(args);

        Assert.Equal(await WholeTree(args), pruned);
    }

    [Fact]
    public void Only_the_named_command_is_built()
    {
        var environment = Environment(TextWriter.Null, TextWriter.Null);

        Assert.Equal(["generation"], GrytApp.Create(environment, ["generation", "list"]).Subcommands.Select(c => c.Name));
        Assert.Empty(GrytApp.Create(environment, ["--version"]).Subcommands);
        Assert.Equal(GrytApp.Create(environment).Subcommands.Count, GrytApp.Create(environment, ["--help"]).Subcommands.Count);
        Assert.Equal(GrytApp.Create(environment).Subcommands.Count, GrytApp.Create(environment, ["generaton"]).Subcommands.Count);
    }

    /// <summary>The same line through the whole tree.</summary>
    private async Task<CliResult> WholeTree(string[] args)
    {
        using var output = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        using var error = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var environment = Environment(output, error);
        var exitCode = await GrytApp.RunAsync(GrytApp.Create(environment), args, environment);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    private CliEnvironment Environment(TextWriter output, TextWriter error) =>
        new(output, error, _project.Root, name => _project.Gryt.Variables.GetValueOrDefault(name), outputIsTerminal: false, _project.Gryt.Clock);
}
