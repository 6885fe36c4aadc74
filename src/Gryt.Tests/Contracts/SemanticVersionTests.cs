using Gryt.Contracts;

namespace Gryt.Tests.Contracts;

public sealed class SemanticVersionTests
{
    [Theory]
    [InlineData("v2.1.0", "v2.1.0")]
    [InlineData("2.1.0", "v2.1.0")]
    [InlineData("0.0.0", "v0.0.0")]
    [InlineData("v10.20.30", "v10.20.30")]
    public void Parse_accepts_a_version_with_or_without_v_and_normalises_to_v(string text, string expected)
    {
        var version = SemanticVersion.Parse(text);

        Assert.Equal(expected, version.ToString());
    }

    [Fact]
    public void Parse_reads_major_minor_patch_prerelease_and_build()
    {
        var version = SemanticVersion.Parse("v1.2.3-rc.4+build.5");

        Assert.Equal((1, 2, 3), (version.Major, version.Minor, version.Patch));
        Assert.Equal("rc.4", version.PreRelease);
        Assert.Equal("build.5", version.Build);
        Assert.Equal("v1.2.3-rc.4+build.5", version.ToString());
    }

    [Fact]
    public void Parse_without_prerelease_or_build_leaves_them_null()
    {
        var version = SemanticVersion.Parse("1.2.3");

        Assert.Null(version.PreRelease);
        Assert.Null(version.Build);
    }

    [Fact]
    public void Versions_with_and_without_v_are_equal()
    {
        Assert.Equal(SemanticVersion.Parse("2.1.0"), SemanticVersion.Parse("v2.1.0"));
    }

    [Theory]
    [InlineData("not-a-version")]
    [InlineData("../../outside")]
    [InlineData("v1.0.0;touch x")]
    [InlineData("v1.0.0/../x")]
    [InlineData("01.0.0")]
    [InlineData("1.02.0")]
    [InlineData("1.0.00")]
    [InlineData("1.0.0-01")]
    [InlineData("1.0")]
    [InlineData("V1.0.0")]
    [InlineData("")]
    [InlineData(" v1.0.0")]
    [InlineData("v1.0.0\n")]
    public void Parse_refuses_what_is_not_a_semantic_version(string text)
    {
        Assert.False(SemanticVersion.TryParse(text, out _));
        var error = Assert.Throws<InvalidInputException>(() => SemanticVersion.Parse(text));
        Assert.Contains("is not a semantic version", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TryParse_of_null_is_false()
    {
        Assert.False(SemanticVersion.TryParse(null, out _));
    }

    [Fact]
    public void Prerelease_numbers_compare_numerically_and_a_release_sorts_after_its_prereleases()
    {
        var rc2 = SemanticVersion.Parse("1.0.0-rc.2");
        var rc10 = SemanticVersion.Parse("1.0.0-rc.10");
        var release = SemanticVersion.Parse("1.0.0");

        Assert.True(rc2 < rc10);
        Assert.True(rc10 < release);
        Assert.True(rc2 < release);
        Assert.True(release > rc10);
    }

    [Fact]
    public void Sorting_follows_semver_precedence()
    {
        string[] texts = ["1.0.0", "1.0.0-rc.10", "1.0.0-alpha", "0.9.9", "1.0.0-rc.2", "1.0.0-alpha.1", "1.0.0-beta", "2.0.0", "1.10.0", "1.2.0"];

        var sorted = texts.Select(SemanticVersion.Parse).Order().Select(v => v.ToString()).ToArray();

        Assert.Equal(
            ["v0.9.9", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-beta", "v1.0.0-rc.2", "v1.0.0-rc.10", "v1.0.0", "v1.2.0", "v1.10.0", "v2.0.0"],
            sorted);
    }

    [Fact]
    public void Numeric_prerelease_identifiers_sort_before_alphanumeric_ones()
    {
        Assert.True(SemanticVersion.Parse("1.0.0-1") < SemanticVersion.Parse("1.0.0-a"));
    }

    [Fact]
    public void Build_metadata_does_not_change_precedence()
    {
        Assert.Equal(0, SemanticVersion.Parse("1.0.0+a").CompareTo(SemanticVersion.Parse("1.0.0+b")));
    }

    [Fact]
    public void Sort_keys_order_like_semver_precedence()
    {
        string[] ordered =
        [
            "v1.0.0-0.3.7", "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-alpha-x", "v1.0.0-beta",
            "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0", "v1.2.9", "v1.2.10", "v1.10.0", "v10.0.0",
        ];
        var versions = ordered.Select(SemanticVersion.Parse).ToList();

        var byKey = versions.OrderBy(v => v.SortKey, StringComparer.Ordinal).Select(v => v.ToString());
        var byPrecedence = versions.Order().Select(v => v.ToString());

        Assert.Equal(byPrecedence, byKey);
    }

    [Theory]
    [InlineData("v2.1.0-99999999999999999999", "v2.1.0--")]
    [InlineData("v2.1.0-99999999999999999999", "v2.1.0-100000000000000000000")]
    [InlineData("v2.1.0-9", "v2.1.0-99999999999999999999")]
    [InlineData("v2.1.0-100000000000000000000", "v2.1.0-alpha")]
    public void Numeric_pre_release_identifiers_of_any_length_sort_below_longer_numbers_and_words(string lower, string higher)
    {
        // Found by the fuzz tests: numbers past long.MaxValue were compared as words.
        var (a, b) = (SemanticVersion.Parse(lower), SemanticVersion.Parse(higher));

        Assert.True(a < b, $"{a} < {b}");
        Assert.True(b > a, $"{b} > {a}");
        Assert.True(string.CompareOrdinal(a.SortKey, b.SortKey) < 0, $"{a.SortKey} < {b.SortKey}");
    }
}
