using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary><c>promotion.approvals: N</c> without a server: approvals by git identity, marked unauthenticated, never the promoter's own.</summary>
public sealed class ApprovalTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public ApprovalTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Sign-up\"\npipeline_template: release\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"), "name: release\nsteps:\n  - name: test\n    run: \"true\"\n");
        File.AppendAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml"), "\npromotion:\n  approvals: 1\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract");
        _gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");
        _gryt.Ok("run", "release");
    }

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void Promotion_waits_for_an_approval_by_someone_else_then_passes()
    {
        _gryt.Variables["GRYT_ACTOR"] = "alice";
        _gryt.Ok("generation", "approve", "v1.0.0");
        var own = _gryt.Run("generation", "promote", "v1.0.0");
        Assert.Equal(1, own.ExitCode);
        Assert.Contains("0 of 1 approvals of this contract by others than the promoter", own.Out + own.Err, StringComparison.Ordinal);

        _gryt.Variables["GRYT_ACTOR"] = "bob";
        var approved = _gryt.Ok("generation", "approve", "v1.0.0");
        Assert.Contains("approved by bob (no sync server: recorded with your git identity, unauthenticated)", approved.Out, StringComparison.Ordinal);

        _gryt.Variables["GRYT_ACTOR"] = "alice";
        var promoted = _gryt.Ok("generation", "promote", "v1.0.0");
        Assert.Contains("1 of 1 approvals by others than the promoter: bob (some unauthenticated", promoted.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edit_after_the_approval_needs_approving_again()
    {
        _gryt.Variables["GRYT_ACTOR"] = "bob";
        _gryt.Ok("generation", "approve", "v1.0.0");
        File.AppendAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"), "description: \"changed after the approval\"\n");
        _repo.Git("commit", "--quiet", "-am", "edit");

        _gryt.Variables["GRYT_ACTOR"] = "alice";
        var refused = _gryt.Run("generation", "promote", "v1.0.0");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("0 of 1 approvals", refused.Out + refused.Err, StringComparison.Ordinal);
    }
}
