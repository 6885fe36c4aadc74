using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

public sealed class ComplianceReportTests : IDisposable
{
    private readonly CliProject _project = new();

    public ComplianceReportTests()
    {
        AuditHistory.Arrange(_project);
        File.WriteAllText(Path.Combine(_project.Root, ".gryt", "policy.yaml"), """
            policies:
              - name: tests-required
                applies_to: [add]
                required_steps: [test]
            """);
        _project.Gryt.Ok("audit", "snapshot", "--label", "weekly");
        _project.Gryt.Clock.Advance(TimeSpan.FromDays(3));
    }

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("md")]
    [InlineData("html")]
    public void The_report_matches_its_golden_file(string format)
    {
        var result = _project.Gryt.Ok("compliance", "--output", "report." + format);
        var text = File.ReadAllText(Path.Combine(_project.Root, "report." + format));

        Golden.Verify("compliance-" + format, AuditHistory.Normalise(text, _project.Root));
        Assert.Contains("checks satisfied", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_names_the_standard_and_the_releases()
    {
        _project.Gryt.Ok("compliance", "-o", "compliance-report.html");
        var html = File.ReadAllText(Path.Combine(_project.Root, "compliance-report.html"));

        Assert.Contains("800-161", html, StringComparison.Ordinal);
        Assert.Contains("v1.0.0", html, StringComparison.Ordinal);
        Assert.Contains("<html", html, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_format_exits_2()
    {
        Assert.Equal(2, _project.Gryt.Run("compliance", "-o", "x.pdf", "--format", "pdf").ExitCode);
    }
}
