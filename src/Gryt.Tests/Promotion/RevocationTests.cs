using Gryt.Contracts;

namespace Gryt.Tests.Promotion;

/// <summary>Withdrawing a release: recorded with who, when and why; the tag stays; never promoted again.</summary>
public sealed class RevocationTests : IDisposable
{
    private readonly PromotionFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task ReleasedAsync(string version)
    {
        _f.Repo.Declare(version, null, ("FEAT-1", "add"));
        await _f.ProveAsync(version, "FEAT-1");
        Assert.True((await _f.PromoteAsync(version)).Promoted);
    }

    [Fact]
    public async Task Revoke_records_actor_time_reason_and_an_audit_event_and_keeps_the_tag()
    {
        await ReleasedAsync("v1.0.0");
        var tagged = _f.Repo.Tags.ResolveCommit("v1.0.0");

        var result = _f.Promotion.Revoke("v1.0.0", "  CVE-2026-1234 in the payment module ");

        var generation = _f.Generation("v1.0.0");
        Assert.Equal(GenerationStatus.Revoked, generation.Status);
        Assert.Equal("tester", generation.RevokedBy);
        Assert.Equal("CVE-2026-1234 in the payment module", generation.RevokedReason);
        Assert.NotNull(generation.RevokedAt);
        Assert.Equal(generation, result.Generation);
        Assert.Equal(tagged, _f.Repo.Tags.ResolveCommit("v1.0.0"));
        Assert.Equal(1, _f.Repo.Count("SELECT count(*) FROM audit_events WHERE event_type = 'generation.revoked' AND actor = 'tester' AND details_json LIKE '%CVE-2026-1234%'"));
    }

    [Fact]
    public async Task A_revoked_release_is_never_promoted_again_but_can_get_a_hotfix()
    {
        await ReleasedAsync("v1.0.0");
        _f.Promotion.Revoke("v1.0.0", "broken");

        var error = await Assert.ThrowsAsync<ConflictException>(() => _f.PromoteAsync("v1.0.0"));
        Assert.Contains("revoked", error.Message, StringComparison.Ordinal);
        Assert.Contains("gryt audit hotfix v1.0.0", error.Hint, StringComparison.Ordinal);
        Assert.Throws<ConflictException>(() => _f.Promotion.Revoke("v1.0.0", "again"));

        var hotfix = _f.Hotfixes.Create("v1.0.0", "CRIT-1", "Fix the break");
        Assert.Equal("v1.0.1", hotfix.Generation.Version);
        await _f.ProveAsync("v1.0.1", "CRIT-1");
        Assert.True((await _f.Hotfixes.PromoteAsync("v1.0.1", _f.Data, snapshotBefore: false)).Promoted);
    }

    [Fact]
    public void Revoke_refuses_an_unknown_version_a_draft_and_an_empty_reason_and_changes_nothing()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var events = _f.Repo.Count("SELECT count(*) FROM audit_events");

        Assert.Throws<NotFoundException>(() => _f.Promotion.Revoke("v9.9.9", "why"));
        Assert.Throws<ConflictException>(() => _f.Promotion.Revoke("v1.0.0", "why"));
        Assert.Throws<InvalidInputException>(() => _f.Promotion.Revoke("v1.0.0", "   "));
        Assert.Throws<InvalidInputException>(() => _f.Promotion.Revoke("v1.0.0", "two\nlines"));
        Assert.Throws<InvalidInputException>(() => _f.Promotion.Revoke("v1.0.0", "fixed \u202Eesrever ni"));

        Assert.Equal(GenerationStatus.Draft, _f.Generation("v1.0.0").Status);
        Assert.Equal(events, _f.Repo.Count("SELECT count(*) FROM audit_events"));
    }
}
