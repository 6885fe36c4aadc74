using Gryt.Evolutions;
using Gryt.Git;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Evolutions;

public sealed class ReleaseCandidateNumbersTests
{
    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(2, 0, 3)]
    [InlineData(2, 4, 5)]
    [InlineData(7, 4, 8)]
    public void The_next_rc_number_is_one_past_the_highest_recorded_or_tagged(int recorded, int tagged, int next) =>
        Assert.Equal(next, ReleaseCandidateNumbers.Next(recorded, tagged));

    [Theory]
    [InlineData("v2.1.0-rc.3", 3)]
    [InlineData("v2.1.0-rc.12", 12)]
    [InlineData("v2.1.0-rc.x", 0)]
    [InlineData("v2.1.0-rc.-1", 0)]
    [InlineData("v2.1.0-rc.", 0)]
    [InlineData("v2.1.1-rc.3", 0)]
    [InlineData("v2.1.0", 0)]
    public void A_tags_rc_number_is_read_only_from_tags_of_the_prefix(string tag, int number) =>
        Assert.Equal(number, ReleaseCandidateNumbers.NumberOf(tag, "v2.1.0-rc."));

    [Fact]
    public void The_highest_tagged_number_counts_only_the_generations_rc_tags()
    {
        using var repo = new GitRepository();
        foreach (var tag in new[] { "v2.1.0-rc.2", "v2.1.0-rc.10", "v2.1.0-rc.9", "v2.1.0-rc.final", "v2.1.1-rc.50", "v2.1.0" }) repo.Git("tag", tag);

        var (highest, warnings) = new ReleaseCandidateNumbers(new GitClient(repo.Root)).HighestTagged("v2.1.0-rc.");

        Assert.Equal(10, highest);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_clone_that_fetches_no_tags_numbers_past_the_rc_tags_of_its_remote_and_says_so()
    {
        using var origin = new GitRepository();
        origin.Git("tag", "v2.1.0-rc.6");
        using var clone = new GitRepository(initialCommit: false);
        clone.Git("remote", "add", "origin", origin.Root);
        clone.Git("config", "remote.origin.tagOpt", "--no-tags");

        var (highest, warnings) = new ReleaseCandidateNumbers(new GitClient(clone.Root)).HighestTagged("v2.1.0-rc.");

        Assert.Equal(6, highest);
        Assert.Contains("v2.1.0-rc.6", Assert.Single(warnings), StringComparison.Ordinal);
        Assert.Contains("git fetch --tags origin", warnings[0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_unreachable_remote_is_a_warning_not_a_failure()
    {
        using var clone = new GitRepository();
        clone.Git("tag", "v2.1.0-rc.1");
        clone.Git("remote", "add", "origin", Path.Combine(clone.Root, "no-such-remote"));
        clone.Git("config", "remote.origin.tagOpt", "--no-tags");

        var (highest, warnings) = new ReleaseCandidateNumbers(new GitClient(clone.Root)).HighestTagged("v2.1.0-rc.");

        Assert.Equal(1, highest);
        Assert.Contains("origin could not be read", Assert.Single(warnings), StringComparison.Ordinal);
    }
}
