using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary>The guide's feature-release workflow through the CLI, in a real git repository.</summary>
public sealed class ReleaseFlowTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public ReleaseFlowTests()
    {
        _gryt = new CliRunner(_repo.Root);
        GuideFeatureRelease.Declare(_repo, _gryt, "grep -q stripe feature.txt && echo \"::gryt metric coverage=$(cat coverage.txt 2>/dev/null || echo 0)\"");
    }

    public void Dispose() => _repo.Dispose();

    private string Commit(string file, string content)
    {
        File.WriteAllText(Path.Combine(_repo.Root, file), content);
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "work on " + file);
        return _repo.Git("rev-parse", "HEAD").Trim();
    }

    private string? TagCommit(string tag)
    {
        var result = ProcessRunner.Run("git", _repo.Root, null, "rev-parse", "--verify", "--quiet", tag + "^{commit}");
        return result.ExitCode == 0 ? result.Out.Trim() : null;
    }

    [Fact]
    public void A_failed_attempt_then_proofs_then_promotion_tag_exactly_what_was_tested()
    {
        var refused = _gryt.Run("generation", "promote", "v2.1.0");
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("FEAT-101", refused.Err, StringComparison.Ordinal);
        Assert.Null(TagCommit("v2.1.0"));

        Assert.Contains("v2.1.0-rc.1", _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101").Out, StringComparison.Ordinal);
        Assert.Equal(1, _gryt.Run("run", "release").ExitCode);
        Assert.Null(TagCommit("v2.1.0-rc.1"));

        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Contains("v2.1.0-rc.2", _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101").Out, StringComparison.Ordinal);
        var tested = Commit("feature.txt", "stripe\n");
        _gryt.Ok("run", "release");
        Assert.Equal(tested, TagCommit("v2.1.0-rc.2"));

        _gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        var last = Commit("fix.txt", "timeout=30\n");
        _gryt.Ok("run", "release");

        var list = _gryt.Ok("evolution", "list", "v2.1.0").Out;
        Assert.Matches(@"v2\.1\.0-rc\.1\s+FEAT-101\s+fail", list);
        Assert.Matches(@"v2\.1\.0-rc\.3\s+BUG-42\s+pass", list);
        Assert.Matches(@"BUG-42\s+Timeout on large transactions\s+proven", list);

        _gryt.Ok("generation", "promote", "v2.1.0", "--dry-run");
        Assert.Null(TagCommit("v2.1.0"));
        _gryt.Ok("generation", "promote", "v2.1.0");
        Assert.Equal(last, TagCommit("v2.1.0"));
        Assert.Equal(4, _gryt.Run("generation", "promote", "v2.1.0").ExitCode);
        Assert.Equal(4, _gryt.Run("generation", "update", "v2.1.0").ExitCode);
        Assert.Equal(4, _gryt.Run("evolution", "start", "v2.1.0", "--change", "FEAT-101").ExitCode);
        Assert.True(File.Exists(Path.Combine(_repo.Root, ".gryt", "releases", "v2.1.0.md")));
    }

    [Fact]
    public void A_run_of_another_pipeline_than_the_evolutions_is_refused_and_binds_nothing()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");

        var result = _gryt.Run("run", "example");

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("release", result.Err, StringComparison.Ordinal);
        Assert.Equal(0, _gryt.Run("run", "example", "--no-evolution").ExitCode);
        Assert.Contains("pending", _gryt.Ok("evolution", "list", "v2.1.0").Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_starting_evolutions_at_once_get_distinct_release_candidates()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => GrytBinary.Run(_repo.Root, "evolution", "start", "v2.1.0", "--change", "FEAT-101"))));

        var tags = results.Select(r =>
        {
            Assert.True(r.ExitCode == 0, r.ToString());
            return System.Text.RegularExpressions.Regex.Match(r.Out, @"v2\.1\.0-rc\.\d+").Value;
        }).ToList();
        Assert.Equal(4, tags.Distinct().Count());
        Assert.Equal(["v2.1.0-rc.1", "v2.1.0-rc.2", "v2.1.0-rc.3", "v2.1.0-rc.4"], tags.Order());
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_guides_custom_coverage_gate_runs_from_a_csharp_file_named_in_config()
    {
        CoverageGateFile.Write(_repo.Root);
        File.AppendAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml"), "promotion:\n  gates:\n    - file: gates/coverage.cs\n");
        Commit("feature.txt", "stripe\n");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101", "--change", "BUG-42");

        var withoutData = _gryt.Run("generation", "promote", "v2.1.0");
        Assert.Equal(1, withoutData.ExitCode);
        Assert.True(withoutData.Out.Contains("No coverage data", StringComparison.Ordinal), withoutData.ToString());

        Commit("coverage.txt", "91\n");
        _gryt.Ok("run", "release");
        var promoted = _gryt.Run("generation", "promote", "v2.1.0");
        Assert.True(promoted.ExitCode == 0, promoted.ToString());
        Assert.Contains("Coverage 91% OK", promoted.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_names_policy_findings_and_previews_the_gates()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "policy.yaml"),
            "policies:\n  - name: e2e-tests-required\n    applies_to: [add]\n    required_steps: [e2e-tests]\n");

        var show = _gryt.Ok("generation", "show", "v2.1.0");

        Assert.Matches(@"✗ policy e2e-tests-required: pipeline release of change FEAT-101 lacks required step: e2e-tests", show.Out);
        Assert.DoesNotContain("BUG-42 lacks", show.Out, StringComparison.Ordinal);
        Assert.Matches(@"all_changes_proven\s+fail\s+unproven: FEAT-101, BUG-42", show.Out);
        var json = System.Text.Json.JsonDocument.Parse(_gryt.Ok("generation", "show", "v2.1.0", "--json").Out);
        Assert.Equal("e2e-tests-required", json.RootElement.GetProperty("policy_findings")[0].GetProperty("policy").GetString());
    }
}
