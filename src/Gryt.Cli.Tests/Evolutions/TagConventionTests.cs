using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary>
/// Projects name their tags their way: unprefixed (<c>1.3.0</c>, MinVer with no prefix) detected by
/// <c>gryt init</c>; CI files that rc tags would start are pointed out; rc tags can be kept out of the push.
/// </summary>
public sealed class TagConventionTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public TagConventionTests() => _gryt = new CliRunner(_repo.Root);

    public void Dispose() => _repo.Dispose();

    private void Commit(string file, string content)
    {
        File.WriteAllText(Path.Combine(_repo.Root, file), content);
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "work on " + file);
    }

    private void ContractAndPipeline(string version)
    {
        _gryt.Ok("generation", "new", version);
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v" + version.TrimStart('v') + ".yaml"),
            $"version: {version}\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"A feature\"\npipeline_template: release\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"), "name: release\nsteps:\n  - name: test\n    run: \"true\"\n");
        Commit("feature.txt", "feature\n");
    }

    private string Tags() => _repo.Git("tag", "--list");

    [Fact]
    public void A_project_with_unprefixed_tags_gets_unprefixed_rc_and_release_tags()
    {
        _repo.Git("tag", "1.2.0");
        _repo.Git("tag", "-a", "1.2.1", "-m", "hand-made release");

        var init = _gryt.Ok("init");

        Assert.Contains("tag_format: \"{version}\"", init.Err, StringComparison.Ordinal);
        Assert.Contains("tag_format: \"{version}\"", File.ReadAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml")), StringComparison.Ordinal);
        ContractAndPipeline("1.3.0");

        Assert.Contains("1.3.0-rc.1", _gryt.Ok("evolution", "start", "1.3.0", "--change", "FEAT-1").Out, StringComparison.Ordinal);
        _gryt.Ok("run", "release");
        _gryt.Ok("generation", "promote", "v1.3.0");

        var tags = Tags().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["1.2.0", "1.2.1", "1.3.0", "1.3.0-rc.1"], tags.Order(StringComparer.Ordinal));
        Assert.Contains("promoted", _gryt.Ok("generation", "show", "1.3.0").Out, StringComparison.Ordinal);
        Assert.Contains("Release 1.3.0", File.ReadAllText(Path.Combine(_repo.Root, ".gryt", "releases", "v1.3.0.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void An_already_tagged_unprefixed_version_is_refused_with_the_next_free_one()
    {
        _repo.Git("tag", "1.0.0");
        _gryt.Ok("init");
        ContractAndPipeline("1.0.0");

        var refused = _gryt.Run("generation", "promote", "1.0.0", "--dry-run");

        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("git tag 1.0.0 already exists", refused.Err, StringComparison.Ordinal);
        Assert.Contains("v1.0.1", refused.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_keeps_the_v_default_for_v_tags_and_suggests_a_change_on_repair_when_tags_disagree()
    {
        _repo.Git("tag", "v0.9.0");
        var init = _gryt.Ok("init");
        Assert.DoesNotContain("tag_format", init.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("\ntag_format", File.ReadAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml")), StringComparison.Ordinal);

        _repo.Git("tag", "1.0.0");
        _repo.Git("tag", "1.1.0");
        var repair = _gryt.Ok("init", "--force");
        Assert.Contains("warning: the project's version tags look like 1.0.0 (1 with v, 2 without)", repair.Err, StringComparison.Ordinal);
        Assert.Contains("set tag_format: \"{version}\"", repair.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_warns_about_a_publish_workflow_that_rc_tags_would_start_and_says_how_to_exclude_them()
    {
        Directory.CreateDirectory(Path.Combine(_repo.Root, ".github", "workflows"));
        File.WriteAllText(Path.Combine(_repo.Root, ".github", "workflows", "publish.yml"), "name: publish\non:\n  push:\n    tags:\n      - 'v*'\njobs: {}\n");

        var init = _gryt.Ok("init");

        Assert.Contains("warning: .github/workflows/publish.yml:5: the tag trigger 'v*' also matches gryt's rc tags (v1.0.0-rc.1)", init.Err, StringComparison.Ordinal);
        Assert.Contains("'!v*-rc.*'", init.Err, StringComparison.Ordinal);
        Assert.Contains("push_rc_tags: false", init.Err, StringComparison.Ordinal);

        var ci = _gryt.Ok("init", "--ci", "github");
        Assert.Contains("publish.yml:5", ci.Err, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(_repo.Root, ".github", "workflows", "publish.yml"), "name: publish\non:\n  push:\n    tags:\n      - 'v*'\n      - '!v*-rc.*'\njobs: {}\n");
        Assert.DoesNotContain("publish.yml", _gryt.Ok("init", "--ci", "github", "--force").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Push_rc_tags_false_keeps_rc_tags_out_of_git_push_follow_tags_but_not_the_release_tag()
    {
        using var remote = new TempDirectory();
        _repo.Git("init", "--quiet", "--bare", remote.Path);
        _repo.Git("remote", "add", "origin", remote.Path);
        _gryt.Ok("init");
        File.AppendAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml"), "push_rc_tags: false\n");
        ContractAndPipeline("v1.0.0");
        _gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");
        _gryt.Ok("run", "release");
        _gryt.Ok("generation", "promote", "v1.0.0");

        Assert.Equal("HEAD\n^refs/tags/v1.0.0-rc.*\n", _repo.Git("config", "--get-all", "remote.origin.push"));
        _repo.Git("push", "--quiet", "--follow-tags");

        var pushed = ProcessRunner.Run("git", remote.Path, null, "tag", "--list");
        Assert.Equal("v1.0.0\n", pushed.Out);
        Assert.Contains("v1.0.0-rc.1", Tags(), StringComparison.Ordinal);
    }
}
