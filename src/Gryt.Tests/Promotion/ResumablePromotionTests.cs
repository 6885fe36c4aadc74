using Gryt.Contracts;
using Gryt.Promotion;

namespace Gryt.Tests.Promotion;

/// <summary>A release tag that already exists: gryt's own from an interrupted promotion is adopted, anything else is a conflict.</summary>
public sealed class ResumablePromotionTests : IDisposable
{
    private readonly PromotionFixture _f = new();

    public void Dispose() => _f.Dispose();

    private async Task<string> ProvenAsync()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        return (await _f.ProveAsync("v1.0.0", "FEAT-1")).Commit;
    }

    private long Events(string type) => _f.Repo.Count($"SELECT count(*) FROM audit_events WHERE event_type = '{type}'");

    [Fact]
    public async Task Promote_completes_the_record_when_gryts_own_tag_for_the_generation_is_at_the_commit()
    {
        var commit = await ProvenAsync();
        var generation = _f.Generation("v1.0.0");
        var message = "Release v1.0.0 (written before a crash)\n\n" + ReleaseTagMarker.Trailer(generation);
        _f.Repo.Git("tag", "-a", "v1.0.0", commit, "-m", message); // what an interrupted promotion leaves

        var result = await _f.PromoteAsync("v1.0.0");

        Assert.True(result.Promoted);
        Assert.True(result.Resumed);
        Assert.Equal(GenerationStatus.Promoted, _f.Generation("v1.0.0").Status);
        Assert.Equal(commit, _f.Repo.Tags.ResolveCommit("v1.0.0"));
        Assert.StartsWith("Release v1.0.0 (written before a crash)", File.ReadAllText(result.ReleaseNotesPath!), StringComparison.Ordinal);
        Assert.True(File.Exists(result.ProvenancePath));
        Assert.Equal(1, Events("generation.promoted"));
    }

    [Theory]
    [InlineData("lightweight")]
    [InlineData("annotated by hand")]
    [InlineData("another generation's")]
    public async Task A_tag_gryt_did_not_make_for_this_generation_is_a_conflict_and_changes_nothing(string kind)
    {
        var commit = await ProvenAsync();
        switch (kind)
        {
            case "lightweight": _f.Repo.Git("tag", "v1.0.0", commit); break;
            case "annotated by hand": _f.Repo.Git("tag", "-a", "v1.0.0", commit, "-m", "Release v1.0.0\n\nGryt-Release: v1.0.0\n"); break;
            default: _f.Repo.Git("tag", "-a", "v1.0.0", commit, "-m", "Release v1.0.0\n\nGryt-Release: v1.0.0\nGryt-Generation: 0190aaaa-0000-7000-8000-000000000000\n"); break;
        }

        var events = _f.Repo.Count("SELECT count(*) FROM audit_events");

        var error = await Assert.ThrowsAsync<ConflictException>(() => _f.PromoteAsync("v1.0.0"));

        Assert.Contains("git tag v1.0.0 already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal(GenerationStatus.Draft, _f.Generation("v1.0.0").Status);
        Assert.Equal(events, _f.Repo.Count("SELECT count(*) FROM audit_events"));
        Assert.False(File.Exists(Path.Combine(_f.Repo.Project.GrytFolder, "releases", "v1.0.0.md")));
    }

    [Fact]
    public async Task Gryts_own_tag_at_another_commit_is_a_conflict_whose_hint_finishes_that_promotion()
    {
        var first = await ProvenAsync();
        var generation = _f.Generation("v1.0.0");
        _f.Repo.Git("tag", "-a", "v1.0.0", first, "-m", "Release v1.0.0\n\n" + ReleaseTagMarker.Trailer(generation));
        await _f.ProveAsync("v1.0.0", "FEAT-1"); // a newer proof moved the commit gryt would tag

        var error = await Assert.ThrowsAsync<ConflictException>(() => _f.PromoteAsync("v1.0.0"));
        Assert.Contains("--at " + first, error.Hint, StringComparison.Ordinal);

        Assert.True((await _f.PromoteAsync("v1.0.0", at: first)).Resumed);
    }

    [Fact]
    public async Task The_release_tag_message_carries_gryts_marker_so_a_second_attempt_recognises_it()
    {
        await ProvenAsync();
        var result = await _f.PromoteAsync("v1.0.0");

        var tag = _f.Repo.Tags.ReadTag("v1.0.0")!;
        Assert.True(ReleaseTagMarker.IsOwn(tag, result.Generation));
        Assert.Equal(tag.Message, File.ReadAllText(result.ReleaseNotesPath!));
    }
}
