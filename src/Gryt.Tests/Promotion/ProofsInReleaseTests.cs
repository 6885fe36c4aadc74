using Gryt.Contracts;

namespace Gryt.Tests.Promotion;

/// <summary>SPEC §1 gate 5: the release tag points at a tree that contains every proof.</summary>
public sealed class ProofsInReleaseTests : IDisposable
{
    private readonly PromotionFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Promote_fails_naming_a_change_proven_on_a_branch_the_release_does_not_contain()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"), ("BUG-2", "fix"));
        _f.Repo.Git("checkout", "-q", "-b", "feat");
        var (featTag, featCommit) = await _f.ProveAsync("v1.0.0", "FEAT-1");
        _f.Repo.Git("checkout", "-q", "main");
        _f.Repo.Git("checkout", "-q", "-b", "bug");
        await _f.ProveAsync("v1.0.0", "BUG-2");

        var result = await _f.PromoteAsync("v1.0.0");

        Assert.False(result.Promoted);
        var gate = Assert.Single(result.Gates, g => !g.Result.Passed);
        Assert.Equal("proofs_in_release", gate.Gate);
        Assert.Contains($"FEAT-1 proven by {featTag} @ {featCommit[..12]} (not in the release)", gate.Result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("BUG-2", gate.Result.Message, StringComparison.Ordinal);
        Assert.False(_f.Repo.Tags.TagExists("v1.0.0"));
        Assert.Equal(GenerationStatus.Draft, _f.Generation("v1.0.0").Status);
    }

    [Fact]
    public async Task A_proof_on_the_merged_result_supersedes_one_on_an_abandoned_branch()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"), ("BUG-2", "fix"));
        _f.Repo.Git("checkout", "-q", "-b", "feat");
        await _f.ProveAsync("v1.0.0", "FEAT-1");
        _f.Repo.Git("checkout", "-q", "main");
        await _f.ProveAsync("v1.0.0", "BUG-2");
        Assert.False((await _f.PromoteAsync("v1.0.0", dryRun: true)).GatesPassed);

        var (_, merged) = await _f.ProveAsync("v1.0.0", "FEAT-1"); // proven again on main, which the release is

        var result = await _f.PromoteAsync("v1.0.0");
        Assert.True(result.Promoted, string.Join("; ", result.Gates.Select(g => g.Result.Message)));
        Assert.Equal(merged, _f.Repo.Tags.ResolveCommit("v1.0.0"));
        Assert.Contains(result.Gates, g => g.Gate == "proofs_in_release" && g.Result.Passed);
    }

    [Fact]
    public async Task Promoting_at_a_commit_that_lacks_a_proof_fails_and_at_one_that_has_them_passes()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var before = _f.Repo.Git("rev-parse", "HEAD").Trim();
        await _f.ProveAsync("v1.0.0", "FEAT-1");
        var later = _f.Repo.Commit("release prep");

        var early = await _f.PromoteAsync("v1.0.0", at: before, dryRun: true);
        Assert.Contains(early.Gates, g => g.Gate == "proofs_in_release" && !g.Result.Passed);

        Assert.True((await _f.PromoteAsync("v1.0.0", at: "HEAD")).Promoted);
        Assert.Equal(later, _f.Repo.Tags.ResolveCommit("v1.0.0"));
    }

    [Fact]
    public async Task A_hotfix_proven_on_a_commit_that_does_not_descend_from_its_base_is_refused()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var before = _f.Repo.Commit("before the release");
        await _f.ProveAsync("v1.0.0", "FEAT-1");
        Assert.True((await _f.PromoteAsync("v1.0.0")).Promoted);
        _f.Hotfixes.Create("v1.0.0", "CRIT-1", "Crash");
        _f.Repo.Git("checkout", "-q", "-b", "old", before); // a branch from before the release

        await _f.ProveAsync("v1.0.1", "CRIT-1");
        var refused = await _f.Hotfixes.PromoteAsync("v1.0.1", _f.Data, snapshotBefore: false);

        Assert.False(refused.Promoted);
        Assert.Contains(refused.Gates, g => g.Gate == "proofs_in_release" && g.Result.Message.Contains("does not descend from v1.0.0", StringComparison.Ordinal));
        Assert.False(_f.Repo.Tags.TagExists("v1.0.1"));

        _f.Repo.Git("checkout", "-q", "-b", "hotfix", "v1.0.0");
        await _f.ProveAsync("v1.0.1", "CRIT-1");
        var promoted = await _f.Hotfixes.PromoteAsync("v1.0.1", _f.Data, snapshotBefore: false);
        Assert.True(promoted.Promoted);
        Assert.Equal(1, _f.Repo.Count("SELECT count(*) FROM audit_events WHERE event_type = 'hotfix.promoted'"));
    }
}
