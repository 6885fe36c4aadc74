using Gryt.Ci;

namespace Gryt.Tests.Ci;

public sealed class CiPlatformTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    private static CiPlatform? Detect(params (string Name, string Value)[] variables) =>
        CiPlatform.Detect(name => variables.FirstOrDefault(v => v.Name == name).Value);

    [Fact]
    public void Outside_a_known_ci_service_nothing_is_detected()
    {
        Assert.Null(Detect());
        Assert.Null(Detect(("CI", "true")));
        Assert.Null(Detect(("GITHUB_ACTIONS", "false")));
    }

    [Fact]
    public void GitHub_actions_gives_the_run_url_and_group_commands()
    {
        var ci = Detect(("GITHUB_ACTIONS", "true"), ("GITHUB_SERVER_URL", "https://github.com"), ("GITHUB_REPOSITORY", "acme/app"), ("GITHUB_RUN_ID", "42"));
        Assert.NotNull(ci);
        Assert.Equal(CiKind.GitHub, ci.Kind);
        Assert.Equal("https://github.com/acme/app/actions/runs/42", ci.RunUrl);
        Assert.Equal(["::group::✓ build (1.0s)"], ci.GroupStart("✓ build (1.0s)", "build", At));
        Assert.Equal(["::endgroup::"], ci.GroupEnd("build", At));
    }

    [Fact]
    public void GitLab_gives_the_job_url_and_collapsed_sections()
    {
        var ci = Detect(("GITLAB_CI", "true"), ("CI_JOB_URL", "https://gitlab.example/acme/app/-/jobs/7"));
        Assert.NotNull(ci);
        Assert.Equal("https://gitlab.example/acme/app/-/jobs/7", ci.RunUrl);
        Assert.Equal(["\u001b[0Ksection_start:1741946400:gryt_unit_tests[collapsed=true]\r\u001b[0K✓ unit tests"], ci.GroupStart("✓ unit tests", "unit tests", At));
        Assert.Equal(["\u001b[0Ksection_end:1741946401:gryt_unit_tests\r\u001b[0K"], ci.GroupEnd("unit tests", At.AddSeconds(1)));
    }

    [Fact]
    public void CircleCi_gives_the_build_url_and_has_no_groups()
    {
        var ci = Detect(("CIRCLECI", "true"), ("CIRCLE_BUILD_URL", "https://circleci.com/gh/acme/app/12"));
        Assert.NotNull(ci);
        Assert.Equal("https://circleci.com/gh/acme/app/12", ci.RunUrl);
        Assert.Empty(ci.GroupStart("x", "x", At));
        Assert.Empty(ci.GroupEnd("x", At));
    }

    [Fact]
    public void Azure_pipelines_builds_the_results_url_and_uses_group_commands()
    {
        var ci = Detect(("TF_BUILD", "True"), ("SYSTEM_COLLECTIONURI", "https://dev.azure.com/acme/"), ("SYSTEM_TEAMPROJECT", "My App"), ("BUILD_BUILDID", "99"));
        Assert.NotNull(ci);
        Assert.Equal("azure", ci.Name);
        Assert.Equal("https://dev.azure.com/acme/My%20App/_build/results?buildId=99", ci.RunUrl);
        Assert.Equal(["##[group]build"], ci.GroupStart("build", "build", At));
        Assert.Equal(["##[endgroup]"], ci.GroupEnd("build", At));
    }

    [Fact]
    public void A_service_that_does_not_say_its_url_is_still_detected()
    {
        var ci = Detect(("GITHUB_ACTIONS", "true"));
        Assert.NotNull(ci);
        Assert.Null(ci.RunUrl);
    }
}
