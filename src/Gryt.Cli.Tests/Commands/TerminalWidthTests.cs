using System.Text;
using System.Text.RegularExpressions;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>Tables drawn for a terminal (Spectre.Console, 80 columns when the width is unknown).</summary>
public sealed partial class TerminalWidthTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private string OnTerminal(params string[] args)
    {
        using var output = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        using var error = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var environment = new CliEnvironment(output, error, _project.Root, name => name == "GRYT_ACTOR" ? CliRunner.Actor : null, outputIsTerminal: true, new FixedClock());
        Assert.Equal(0, CliRunner.Invoke(args, environment));
        return Ansi().Replace(output.ToString(), "");
    }

    [Fact]
    public void Generation_list_fits_80_columns_and_keeps_each_date_on_one_line()
    {
        _project.Gryt.Ok("generation", "new", "v1.0.0");
        _project.Gryt.Ok("generation", "new", "v2.10.0-beta.1");
        _project.Sql("UPDATE generations SET status = 'promoted', promoted_at = '2025-03-20T16:00:00.000Z' WHERE version = 'v1.0.0'");

        var text = OnTerminal("generation", "list");

        var lines = text.TrimEnd('\n').Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= 80, $"{line.TrimEnd().Length} columns:\n{text}"));
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"v1\.0\.0\s+promoted\s+0/0\s+0\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+2025-03-20 \d\d:\d\d", text);
        Assert.Matches(@"v2\.10\.0-beta\.1\s+draft\s+0/0\s+0\s+\d{4}-\d\d-\d\d \d\d:\d\d\s+-", text);
    }

    [GeneratedRegex(@"\x1b\[[0-9;?]*[A-Za-z]")]
    private static partial Regex Ansi();
}
