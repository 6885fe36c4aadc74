using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary>Cloud and hybrid mode with the server out of reach (nothing listens on 127.0.0.1:9).</summary>
public sealed class CloudModeTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public CloudModeTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Variables["GRYT_TOKEN"] = "gryt_0123456789ab_c2VjcmV0";
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Sign-up\"\npipeline_template: release\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"), "name: release\nsteps:\n  - name: test\n    run: \"true\"\n");
    }

    public void Dispose() => _repo.Dispose();

    private string Evolutions => _gryt.Ok("db", "query", "SELECT count(*) AS n FROM evolutions").Out;

    [Fact]
    public void Cloud_evolution_start_refuses_with_exit_5_and_creates_nothing()
    {
        _gryt.Ok("sync", "config", "--mode", "cloud", "--server", "http://127.0.0.1:9", "--project", "shop");
        var before = Evolutions;

        var start = _gryt.Run("evolution", "start", "v1.0.0", "--change", "FEAT-1");

        Assert.Equal(5, start.ExitCode);
        Assert.StartsWith("gryt: error: evolution not started: sync mode is cloud and cannot reach the sync server http://127.0.0.1:9", start.Err, StringComparison.Ordinal);
        Assert.Equal(before, Evolutions);
    }

    [Fact]
    public void Hybrid_evolution_start_numbers_locally_and_says_so()
    {
        _gryt.Ok("sync", "config", "--mode", "hybrid", "--server", "http://127.0.0.1:9", "--project", "shop");

        var start = _gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");

        Assert.Contains("v1.0.0-rc.1", start.Out, StringComparison.Ordinal);
        Assert.Contains("rc number taken locally, not from the sync server (cannot reach the sync server", start.Err, StringComparison.Ordinal);
    }
}
