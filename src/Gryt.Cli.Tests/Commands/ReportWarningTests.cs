using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>A declared report that is missing is shown on the console, not only in the step's log.</summary>
public sealed class ReportWarningTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private void Pipeline(string yaml) => File.WriteAllText(Path.Combine(_project.Root, ".gryt", "pipelines", "ci.yaml"), yaml);

    [Fact]
    public void A_missing_report_is_a_warning_under_the_passing_step()
    {
        Pipeline("steps:\n  - { name: test, run: 'echo tested', reports: ['out/**/*.xml'] }\n");

        var output = _project.Gryt.Ok("run", "ci", "--no-evolution").Out;

        Assert.Contains("    warning: report out/**/*.xml was not found in the repository root", output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_reports_required_a_missing_report_fails_the_run_and_says_which()
    {
        Pipeline("steps:\n  - { name: test, run: 'echo tested', reports: ['TestResults/'], reports_required: true }\n");

        var result = _project.Gryt.Run("run", "ci", "--no-evolution");

        Assert.Equal(ExitCodes.CheckFailed, result.ExitCode);
        Assert.Contains("report TestResults/ was not found in the repository root (reports_required)", result.Out + result.Err, StringComparison.Ordinal);
    }
}
