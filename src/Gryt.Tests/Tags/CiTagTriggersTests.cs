using Gryt.Scaffolding.Ci;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Tags;

/// <summary>CI files that an rc tag would start (NSubstitute publishes on <c>tags: v*</c>), per CI service, and the exclusions that silence them.</summary>
public sealed class CiTagTriggersTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private IReadOnlyList<TagTrigger> Find(string path, string content, string template = "v{version}")
    {
        var full = _root.Combine(path.Split('/'));
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
        return CiTagTriggers.Find(_root.Path, TagFormat.Of("", template));
    }

    [Theory]
    [InlineData("github")]
    [InlineData("gitlab")]
    [InlineData("circleci")]
    [InlineData("azure")]
    public void The_workflows_gryt_init_writes_verify_release_tags_and_never_start_on_rc_tags(string service)
    {
        var kind = CiWorkflow.Parse(service);
        var text = CiWorkflow.Text(kind, "ci", "1.0.0", sync: service == "github");

        Assert.Contains("gryt release verify", text, StringComparison.Ordinal);
        Assert.Contains("git fetch origin refs/notes/gryt:refs/notes/gryt", text, StringComparison.Ordinal);
        Assert.Empty(Find(CiWorkflow.RelativePath(kind), text));
    }

    [Fact]
    public void A_github_workflow_publishing_on_v_star_is_found_at_its_line()
    {
        var found = Assert.Single(Find(".github/workflows/publish.yml", "name: publish\non:\n  push:\n    tags:\n      - 'v*'\njobs: {}\n"));

        Assert.Equal(".github/workflows/publish.yml", found.File);
        Assert.Equal(5, found.Line);
        Assert.Equal("v*", found.Pattern);
        Assert.Contains("'!v*-rc.*'", found.Exclude, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("on:\n  push:\n    tags: ['v*', '!v*-rc.*']\n")]
    [InlineData("on:\n  push:\n    tags: ['v*']\n    tags-ignore: ['*-rc.*']\n")]
    [InlineData("on:\n  push:\n    tags: ['v[0-9]+.[0-9]+.[0-9]+']\n")]
    [InlineData("on:\n  push:\n    branches: [main]\n")]
    [InlineData("on: [push]\n")]
    [InlineData("on:\n  push:\n    tags: ['release/*']\n")]
    [InlineData("not: [valid yaml\n")]
    public void A_github_workflow_that_rc_tags_do_not_start_is_not_reported(string content) =>
        Assert.Empty(Find(".github/workflows/ci.yaml", content));

    [Fact]
    public void Unprefixed_rc_tags_are_matched_by_a_star_pattern_but_not_by_v_star()
    {
        Assert.Contains("'!*-rc.*'", Assert.Single(Find(".github/workflows/a.yml", "on:\n  push:\n    tags: ['*']\n", "{version}")).Exclude, StringComparison.Ordinal);
        Assert.Empty(Find(".github/workflows/a.yml", "on:\n  push:\n    tags: ['v*']\n", "{version}"));
    }

    [Fact]
    public void Azure_tag_includes_and_refs_tags_branches_are_found_unless_excluded()
    {
        Assert.Single(Find("azure-pipelines.yml", "trigger:\n  tags:\n    include:\n      - v*\n"));
        Assert.Empty(Find("azure-pipelines.yml", "trigger:\n  tags:\n    include: [v*]\n    exclude: ['v*-rc.*']\n"));
        Assert.Single(Find("azure-pipelines.yml", "trigger:\n  branches:\n    include: [main, refs/tags/v*]\n"));
    }

    [Fact]
    public void Circleci_tag_filters_are_regular_expressions_and_ignore_excludes()
    {
        Assert.Single(Find(".circleci/config.yml", "workflows:\n  release:\n    jobs:\n      - publish:\n          filters:\n            tags:\n              only: /^v.*/\n"));
        Assert.Empty(Find(".circleci/config.yml", "workflows:\n  release:\n    jobs:\n      - publish:\n          filters:\n            tags:\n              only: /^v.*/\n              ignore: /.*-rc\\..*/\n"));
        Assert.Empty(Find(".circleci/config.yml", "workflows:\n  release:\n    jobs:\n      - publish:\n          filters:\n            tags:\n              only: /^v\\d+\\.\\d+\\.\\d+$/\n"));
    }

    [Fact]
    public void Gitlab_tag_rules_are_found_and_a_never_rule_for_rc_tags_excludes_them()
    {
        Assert.Single(Find(".gitlab-ci.yml", "publish:\n  script: make publish\n  rules:\n    - if: $CI_COMMIT_TAG =~ /^v/\n"));
        Assert.Single(Find(".gitlab-ci.yml", "publish:\n  script: make publish\n  rules:\n    - if: $CI_COMMIT_TAG\n"));
        Assert.Single(Find(".gitlab-ci.yml", "publish:\n  script: make publish\n  only:\n    - tags\n"));
        Assert.Empty(Find(".gitlab-ci.yml", "publish:\n  rules:\n    - if: $CI_COMMIT_TAG =~ /-rc\\./\n      when: never\n    - if: $CI_COMMIT_TAG\n"));
        Assert.Empty(Find(".gitlab-ci.yml", "test:\n  script: make test\n"));
    }
}
