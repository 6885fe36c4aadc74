using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary><c>gryt --version</c> reads the version where everything else does: <see cref="GrytVersion.Current"/>.</summary>
public sealed class VersionTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Version_prints_GrytVersion_Current_whatever_the_entry_assembly()
    {
        // In-process the entry assembly is the test host, whose version System.CommandLine's own action would print.
        var result = new CliRunner(_folder.Path).Run("--version");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(GrytVersion.Current + "\n", result.Out);
        Assert.Equal("", result.Err);
    }
}
