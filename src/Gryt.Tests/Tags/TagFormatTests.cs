using Gryt.Evolutions;
using Gryt.Project;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Tags;

/// <summary>Tag names are built and read back in one place, for prefixed and unprefixed projects and monorepo prefixes.</summary>
public sealed class TagFormatTests
{
    private static readonly SemanticVersion V130 = SemanticVersion.Parse("1.3.0");

    [Theory]
    [InlineData("", "v{version}", "v1.3.0", "v1.3.0-rc.2")]
    [InlineData("", "{version}", "1.3.0", "1.3.0-rc.2")]
    [InlineData("api/", "v{version}", "api/v1.3.0", "api/v1.3.0-rc.2")]
    [InlineData("api/", "{version}", "api/1.3.0", "api/1.3.0-rc.2")]
    [InlineData("", "release-{version}", "release-1.3.0", "release-1.3.0-rc.2")]
    public void Release_and_rc_tags_follow_the_format_and_parse_back(string prefix, string template, string release, string rc)
    {
        var format = TagFormat.Of(prefix, template);

        Assert.Equal(release, format.Release(V130));
        Assert.Equal(rc, format.Rc(V130, 2));
        Assert.Equal((V130, (int?)null), format.Parse(release));
        Assert.Equal((V130, (int?)2), format.Parse(rc));
        Assert.Equal(template, format.Template);
    }

    [Theory]
    [InlineData("{version}", "v1.3.0")]
    [InlineData("v{version}", "1.3.0")]
    [InlineData("v{version}", "vv1.3.0")]
    [InlineData("v{version}", "v1.3")]
    [InlineData("v{version}", "v1.3.0+build.5")]
    public void A_tag_of_another_naming_is_not_read_as_one(string template, string tag) =>
        Assert.Null(TagFormat.Of("", template).Parse(tag));

    [Theory]
    [InlineData("v1.3.0", "", null, "v{version}")]
    [InlineData("1.3.0-rc.2", "", 2, "{version}")]
    [InlineData("api/1.3.0", "api/", null, "{version}")]
    [InlineData("v1.3.0-rc.2", "", 3, null)]
    [InlineData("v1.3.1", "", null, null)]
    [InlineData("v1.3.0-rc.2", "", null, null)]
    [InlineData("x y1.3.0", "", null, null)]
    public void The_naming_of_a_tag_found_in_git_is_read_from_its_name(string tag, string prefix, int? rc, string? template) =>
        Assert.Equal(template, TagFormat.Naming(tag, prefix, V130, rc)?.Template);

    [Fact]
    public void A_pre_release_generation_has_rc_tags_after_its_own_pre_release()
    {
        var beta = SemanticVersion.Parse("v2.0.0-beta.1");

        Assert.Equal("v2.0.0-beta.1-rc.3", TagFormat.Default.Rc(beta, 3));
        Assert.Equal((beta, (int?)3), TagFormat.Default.Parse("v2.0.0-beta.1-rc.3"));
    }

    [Theory]
    [InlineData("{version}-x")]
    [InlineData("{version}{version}")]
    [InlineData("v")]
    [InlineData("a b{version}")]
    [InlineData("../{version}")]
    public void An_unusable_tag_format_is_refused(string template) => Assert.NotNull(TagFormat.Problem(template));

    [Fact]
    public void Config_tag_format_defaults_to_v_and_a_bad_one_is_an_error_at_its_line()
    {
        using var project = new TestProject();
        Assert.Equal("v{version}", ProjectConfig.Load(project.Project).TagFormat);

        File.WriteAllText(project.Project.ConfigPath, "tag_format: \"{version}\"\npush_rc_tags: false\n");
        var config = ProjectConfig.Load(project.Project);
        Assert.Equal("{version}", config.TagFormat);
        Assert.False(config.PushRcTags);

        File.WriteAllText(project.Project.ConfigPath, "promotion:\n  min_evolutions: 1\ntag_format: \"v{version}-final\"\n");
        var error = Assert.Throws<InvalidFileException>(() => ProjectConfig.Load(project.Project));
        Assert.Equal(3, error.Line);
        Assert.Contains("tag_format", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_from_a_tag_are_the_same_for_the_same_tag_object_and_differ_otherwise()
    {
        var id = Ids.FromTag("v1.3.0", "0123456789abcdef0123456789abcdef01234567");

        Assert.Equal(id, Ids.FromTag("v1.3.0", "0123456789abcdef0123456789abcdef01234567"));
        Assert.NotEqual(id, Ids.FromTag("v1.3.0", "1123456789abcdef0123456789abcdef01234567"));
        Assert.NotEqual(id, Ids.FromTag("v1.3.1", "0123456789abcdef0123456789abcdef01234567"));
        Assert.Equal(8, Guid.Parse(id).Version);
    }

    [Fact]
    public void A_tag_record_reads_back_what_was_written_and_a_damaged_one_is_no_record()
    {
        var at = new DateTimeOffset(2026, 11, 27, 8, 0, 0, TimeSpan.Zero);
        var record = new TagRecord(TagRecord.EvolutionKind, "v1.3.0", "gen-1")
        {
            Rc = 2, Changes = ["FEAT-1", "BUG-2"], Pipeline = "ci", Run = "run-1", Commit = "abc", Dirty = true, At = at, By = "Ann \"a\" <a@b>",
        };
        var message = "Release candidate v1.3.0-rc.2\n\nProves:\n- [add] FEAT-1: x\n\n" + record.Line();

        var read = TagRecord.Read(message);

        Assert.NotNull(read);
        Assert.Equal(record with { Changes = read.Changes }, read);
        Assert.Equal(["FEAT-1", "BUG-2"], read.Changes);
        Assert.Null(TagRecord.Read("Release v1.3.0\n\nGryt-Record: {not json\n"));
        Assert.Null(TagRecord.Read("Release v1.3.0\n\nGryt-Record: {\"format\":2,\"kind\":\"release\",\"version\":\"v1.3.0\",\"generation\":\"g\"}\n"));
        Assert.Null(TagRecord.Read("made by hand\n"));
    }
}
