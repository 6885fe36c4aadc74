using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Audit;

public sealed class AuditHelpTests : IDisposable
{
    private readonly CliProject _project = new(initialise: false);

    public void Dispose() => _project.Dispose();

    [Theory]
    [InlineData("help-audit", "audit")]
    [InlineData("help-audit-export", "audit", "export")]
    [InlineData("help-audit-rollback", "audit", "rollback")]
    [InlineData("help-audit-hotfix", "audit", "hotfix")]
    [InlineData("help-compliance", "compliance")]
    public void Help_matches_its_golden_file(string golden, params string[] command)
    {
        var result = _project.Gryt.Run([.. command, "--help"]);

        Assert.Equal(0, result.ExitCode);
        Golden.Verify(golden, result.Out);
    }
}
