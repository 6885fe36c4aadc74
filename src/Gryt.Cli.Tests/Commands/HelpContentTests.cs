using System.CommandLine;
using System.Text.RegularExpressions;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>What every command's help may and may not show, checked over the whole command tree.</summary>
public sealed partial class HelpContentTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private static IEnumerable<string[]> CommandPaths(Command command, string[] path)
    {
        yield return path;
        foreach (var child in command.Subcommands.Where(c => !c.Hidden))
        {
            foreach (var nested in CommandPaths(child, [.. path, child.Name])) yield return nested;
        }
    }

    private List<(string Command, string Help)> EveryHelp()
    {
        var environment = new CliEnvironment(TextWriter.Null, TextWriter.Null, _project.Root, _ => null, outputIsTerminal: false, new FixedClock());
        return CommandPaths(GrytApp.Create(environment), []).Select(path =>
        {
            var result = _project.Gryt.Run([.. path, "--help"]);
            Assert.True(result.ExitCode == 0, $"gryt {string.Join(' ', path)} --help:\n{result}");
            return (string.Join(' ', path.Prepend("gryt")), result.Out);
        }).ToList();
    }

    [Fact]
    public void Help_shows_no_project_data_as_allowed_values()
    {
        _project.Gryt.Ok("generation", "new", "v2.1.0");
        _project.WriteContract("v2.1.0", "version: v2.1.0\nchanges:\n" + string.Concat(Enumerable.Range(1, 50).Select(i => $"  - type: fix\n    id: BUG-{i}\n    title: \"bug {i}\"\n")));
        _project.Gryt.Ok("generation", "update", "v2.1.0");
        File.WriteAllText(Path.Combine(_project.Root, ".gryt", "pipelines", "release.yaml"), "steps:\n  - name: a\n    run: \"true\"\n");

        foreach (var (command, help) in EveryHelp())
        {
            Assert.False(help.Contains("BUG-", StringComparison.Ordinal), $"{command} --help shows change ids:\n{help}");
            Assert.False(help.Contains("<v2.1.0", StringComparison.Ordinal), $"{command} --help shows versions:\n{help}");
            Assert.False(help.Contains("release|", StringComparison.Ordinal) || help.Contains("|release", StringComparison.Ordinal), $"{command} --help shows pipelines:\n{help}");
        }

        var start = _project.Gryt.Ok("evolution", "start", "--help").Out;
        Assert.Contains("-c, --change <ID>", start, StringComparison.Ordinal);
        Assert.Contains("-p, --pipeline <PIPELINE>", start, StringComparison.Ordinal);
        Assert.Contains("gryt run <NAME>", _project.Gryt.Ok("run", "--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subcommand_help_shows_only_its_own_arguments()
    {
        var list = _project.Gryt.Ok("new", "list", "--help").Out;

        Assert.DoesNotContain("DIR", list, StringComparison.Ordinal);
        Assert.Contains("gryt new list [options]", list, StringComparison.Ordinal);
        // The parent keeps its argument.
        Assert.Contains("<DIR>", _project.Gryt.Ok("new", "--help").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_default_appears_once_in_each_option_line()
    {
        foreach (var (command, help) in EveryHelp())
        {
            foreach (var line in help.Split('\n'))
            {
                Assert.True(DefaultWord().Count(line) <= 1, $"{command} --help says the default twice:\n{line}");
            }
        }
    }

    [GeneratedRegex(@"\bdefault\b", RegexOptions.IgnoreCase)]
    private static partial Regex DefaultWord();
}
