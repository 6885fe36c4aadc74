using System.Runtime.InteropServices;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary>
/// Proofs and rc tags name what was tested (issue 9): dirty trees, missing git or commits, foreign
/// rc tags, missing pipelines at evolution start, and shallow clones without tags. Real git
/// repositories; gryt in-process unless PATH must differ.
/// </summary>
public sealed class RunBindingTests : IDisposable
{
    private const string Contract =
        "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: \"Stripe Connect support\"\n  - type: fix\n    id: BUG-42\n    title: \"Timeout\"\npipeline_template: release\n";

    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public RunBindingTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", "v2.1.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"), Contract);
        WritePipeline("release", "name: release\nsteps:\n  - name: test\n    run: grep -q stripe feature.txt\n");
        File.WriteAllText(Path.Combine(_repo.Root, "feature.txt"), "stripe\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract, pipeline and feature");
    }

    public void Dispose() => _repo.Dispose();

    private void WritePipeline(string name, string yaml) => File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", name + ".yaml"), yaml);

    private bool TagExists(string tag) => ProcessRunner.Run("git", _repo.Root, null, "rev-parse", "--verify", "--quiet", "refs/tags/" + tag).ExitCode == 0;

    private string Query(string sql) => _gryt.Ok("db", "query", sql).Out;

    /// <summary>The one value a one-column, one-row query returns (the output is the header line, then the row).</summary>
    private static string Scalar(CliRunner gryt, string sql) => gryt.Ok("db", "query", sql).Out.Split('\n')[1].Trim();

    private string Fingerprint() =>
        Query("SELECT (SELECT count(*) FROM evolutions) || '/' || (SELECT group_concat(tag || ':' || status) FROM evolutions) || '/' || (SELECT count(*) FROM pipeline_runs) AS f");

    [Fact]
    public void The_evolution_hook_fired_after_a_run_is_delivered_and_recorded_under_that_run()
    {
        var sink = Path.Combine(_repo.Root, "evolutions.jsonl");
        WritePipeline("release", "name: release\nsteps:\n  - name: test\n    run: grep -q stripe feature.txt\n" +
            $"hooks:\n  evolution_pass:\n    - file: {{ path: \"{sink}\" }}\n");
        _repo.Git("commit", "--quiet", "-am", "an evolution hook");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");

        _gryt.Ok("run", "release");

        Assert.Contains("\"event\":\"evolution_pass\"", File.ReadAllText(sink), StringComparison.Ordinal);
        Assert.Equal("evolution_pass|1|1", Scalar(_gryt,
            "SELECT d.event || '|' || d.ok || '|' || (d.run_id = e.run_id) FROM hook_deliveries d, evolutions e WHERE d.event = 'evolution_pass'"));
    }

    [Fact]
    public void A_passing_run_on_a_dirty_tree_is_recorded_dirty_but_proves_nothing_and_gets_no_tag()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        File.AppendAllText(Path.Combine(_repo.Root, "feature.txt"), "uncommitted work\n");

        var result = _gryt.Run("run", "release");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("release passed", result.Out, StringComparison.Ordinal);
        Assert.Contains("v2.1.0-rc.1 proves nothing", result.Err, StringComparison.Ordinal);
        Assert.Contains("--allow-dirty", result.Err, StringComparison.Ordinal);
        Assert.Contains("commit the changes", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("recorded as dirty", result.Err, StringComparison.Ordinal); // said once, by the binding
        Assert.False(TagExists("v2.1.0-rc.1"));
        Assert.Contains("pass|1", Query("SELECT status || '|' || dirty AS r FROM pipeline_runs"), StringComparison.Ordinal);
        Assert.Contains("fail|dirty working tree", Query("SELECT status || '|' || reason AS r FROM evolutions"), StringComparison.Ordinal);
        Assert.Matches(@"FEAT-101\s+Stripe Connect support\s+failed", _gryt.Ok("evolution", "list", "v2.1.0").Out);
        var promote = _gryt.Run("generation", "promote", "v2.1.0", "--dry-run");
        Assert.Matches(@"all_changes_proven\s+fail", promote.Out);
    }

    [Fact]
    public void Allow_dirty_lets_a_dirty_run_prove_and_the_rc_tag_message_says_so()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        File.AppendAllText(Path.Combine(_repo.Root, "feature.txt"), "uncommitted work\n");

        var result = _gryt.Run("run", "release", "--allow-dirty");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(TagExists("v2.1.0-rc.1"));
        Assert.Contains("Dirty:", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0-rc.1"), StringComparison.Ordinal);
        Assert.Contains("pass|1", Query("SELECT e.status || '|' || r.dirty AS r FROM evolutions e JOIN pipeline_runs r ON r.run_id = e.run_id"), StringComparison.Ordinal);
    }

    [Fact]
    public void Allow_dirty_proofs_in_config_lets_a_dirty_run_prove()
    {
        File.AppendAllText(Path.Combine(_repo.Root, ".gryt", "config.yaml"), "allow_dirty_proofs: true\n");
        _repo.Git("commit", "--quiet", "-am", "dirty proofs allowed");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        File.AppendAllText(Path.Combine(_repo.Root, "feature.txt"), "uncommitted work\n");

        var result = _gryt.Run("run", "release");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(TagExists("v2.1.0-rc.1"));
    }

    [Fact]
    public void A_clean_run_still_proves_and_is_tagged()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        File.WriteAllText(Path.Combine(_repo.Root, "untracked.txt"), "untracked files do not make a tree dirty\n");

        _gryt.Ok("run", "release");

        Assert.True(TagExists("v2.1.0-rc.1"));
        Assert.DoesNotContain("Dirty:", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0-rc.1"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_rc_tag_created_by_someone_else_during_the_run_fails_the_evolution_with_exit_4()
    {
        WritePipeline("release", "name: release\nsteps:\n  - name: test\n    run: git tag v2.1.0-rc.1 HEAD~1\n");
        _repo.Git("commit", "--quiet", "-am", "a pipeline that races for the tag");
        var earlier = _repo.Git("rev-parse", "HEAD~1").Trim();
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");

        var result = _gryt.Run("run", "release");

        Assert.True(result.ExitCode == 4, result.ToString());
        Assert.Contains("someone else", result.Err, StringComparison.Ordinal);
        Assert.Equal(earlier, _repo.Git("rev-parse", "v2.1.0-rc.1^{commit}").Trim());
        Assert.Contains("fail|rc tag v2.1.0-rc.1 was created outside gryt", Query("SELECT status || '|' || reason AS r FROM evolutions"), StringComparison.Ordinal);
        var list = _gryt.Ok("evolution", "list", "v2.1.0").Out;
        Assert.Matches(@"v2\.1\.0-rc\.1\s+FEAT-101\s+fail", list);
        Assert.Contains("v2.1.0-rc.1: rc tag v2.1.0-rc.1 was created outside gryt", list, StringComparison.Ordinal);
        Assert.Contains("\"reason\": \"rc tag v2.1.0-rc.1 was created outside gryt", _gryt.Ok("evolution", "list", "v2.1.0", "--json").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bound_run_in_a_repository_with_no_commit_is_refused_before_running_with_exit_5()
    {
        using var project = new CliProject();
        project.Gryt.Ok("generation", "new", "v1.0.0");
        project.WriteContract("v1.0.0", "version: v1.0.0\nchanges:\n  - type: add\n    id: F-1\n    title: f\n");
        project.Gryt.Ok("evolution", "start", "v1.0.0", "--change", "F-1");

        var outside = project.Gryt.Run("run", "example");
        ProcessRunner.Run("git", project.Root, null, "init", "--quiet");
        var noCommit = project.Gryt.Run("run", "example");

        Assert.True(outside.ExitCode == 5, outside.ToString());
        Assert.Contains("not in a git repository", outside.Err, StringComparison.Ordinal);
        Assert.True(noCommit.ExitCode == 5, noCommit.ToString());
        Assert.Contains("no commit", noCommit.Err, StringComparison.Ordinal);
        Assert.Contains("--no-evolution", noCommit.Err, StringComparison.Ordinal);
        Assert.Equal("0", Scalar(project.Gryt, "SELECT count(*) AS n FROM pipeline_runs"));
        Assert.Contains("pending", project.Gryt.Ok("evolution", "list", "v1.0.0").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bound_run_without_git_on_PATH_is_refused_before_running_with_exit_5()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        using var emptyBin = new TempDirectory();
        var runtime = RuntimeEnvironment.GetRuntimeDirectory(); // …/shared/Microsoft.NETCore.App/VERSION/
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));

        var result = ProcessRunner.Run(GrytBinary.Path, _repo.Root, new Dictionary<string, string?>
        {
            ["PATH"] = emptyBin.Path,
            ["DOTNET_ROOT"] = dotnetRoot,
            ["GRYT_DB"] = null,
            ["GRYT_ACTOR"] = "tester",
            ["CI"] = null,
            ["NO_COLOR"] = "1",
        }, "run", "release");

        Assert.True(result.ExitCode == 5, result.ToString());
        Assert.Contains("git is not installed or not on PATH", result.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("release passed", result.Out, StringComparison.Ordinal);
        Assert.Equal("0", Scalar(_gryt, "SELECT count(*) AS n FROM pipeline_runs"));
        Assert.Contains("pending", _gryt.Ok("evolution", "list", "v2.1.0").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--pipeline", "nope", "named by --pipeline")]
    [InlineData("change", "nope", "the 'pipeline' of change FEAT-101")]
    [InlineData("template", "nope", "the 'pipeline_template' of v2.1.0")]
    public void Evolution_start_with_a_pipeline_that_does_not_exist_is_exit_3_and_changes_nothing(string source, string pipeline, string named)
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        string[] extra = [];
        switch (source)
        {
            case "--pipeline":
                extra = ["--pipeline", pipeline];
                break;
            case "change":
                File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"),
                    Contract.Replace("title: \"Stripe Connect support\"\n", $"title: \"Stripe Connect support\"\n    pipeline: {pipeline}\n", StringComparison.Ordinal));
                _gryt.Ok("generation", "update", "v2.1.0");
                break;
            default:
                File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"), Contract.Replace("release", pipeline, StringComparison.Ordinal));
                _gryt.Ok("generation", "update", "v2.1.0");
                break;
        }

        var before = Fingerprint();

        var result = _gryt.Run(["evolution", "start", "v2.1.0", "--change", "FEAT-101", .. extra]);

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains($"pipeline '{pipeline}' ({named}) does not exist", result.Err, StringComparison.Ordinal);
        Assert.Contains("hint: create .gryt/pipelines/nope.yaml", result.Err, StringComparison.Ordinal);
        Assert.Equal(before, Fingerprint());
        Assert.Contains("v2.1.0-rc.1:pending", before, StringComparison.Ordinal);
    }

    [Fact]
    public void Evolution_start_with_a_pipeline_that_does_not_validate_is_exit_2_and_uses_no_number()
    {
        WritePipeline("broken", "name: broken\nsteps:\n  - name: a\n    runs: true\n");
        var before = Fingerprint();

        var result = _gryt.Run("evolution", "start", "v2.1.0", "--change", "FEAT-101", "--pipeline", "broken");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Matches(@"broken\.yaml:\d+", result.Err);
        Assert.Equal(before, Fingerprint());
        Assert.Contains("v2.1.0-rc.1", _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Generation_update_and_show_warn_about_a_change_whose_pipeline_is_missing()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"),
            Contract.Replace("title: \"Timeout\"\n", "title: \"Timeout\"\n    pipeline: regression\n", StringComparison.Ordinal));

        var update = _gryt.Ok("generation", "update", "v2.1.0");
        var show = _gryt.Ok("generation", "show", "v2.1.0");

        foreach (var result in new[] { update, show })
        {
            Assert.Contains("warning: pipeline 'regression' of BUG-42 does not exist", result.Err, StringComparison.Ordinal);
            Assert.DoesNotContain("'release'", result.Err, StringComparison.Ordinal);
        }

        var json = _gryt.Ok("generation", "show", "v2.1.0", "--json");
        var changes = System.Text.Json.JsonDocument.Parse(json.Out).RootElement.GetProperty("changes").EnumerateArray()
            .ToDictionary(c => c.GetProperty("change_id").GetString()!, c => c.GetProperty("pipeline_missing").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["FEAT-101"] = false, ["BUG-42"] = true }, changes);
    }

    [Fact]
    public void An_evolution_started_without_a_pipeline_records_the_pipeline_that_ran_in_its_rc_tag()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"), Contract.Replace("pipeline_template: release\n", "", StringComparison.Ordinal));
        _repo.Git("commit", "--quiet", "-am", "no pipeline template");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");

        _gryt.Ok("run", "example");

        Assert.Contains("Pipeline: example", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0-rc.1"), StringComparison.Ordinal);
        Assert.Contains("example", Query("SELECT pipeline_name FROM evolutions"), StringComparison.Ordinal);
    }

    [Fact]
    public void Evolution_start_in_a_shallow_clone_without_tags_warns_about_remote_rc_tags_and_numbers_past_them()
    {
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
        _gryt.Ok("run", "release");
        _gryt.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42");
        _gryt.Ok("run", "release");
        using var remote = new TempDirectory();
        using var clones = new TempDirectory();
        var bare = Path.Combine(remote.Path, "origin.git");
        Assert.Equal(0, ProcessRunner.Run("git", remote.Path, null, "clone", "--quiet", "--bare", _repo.Root, bare).ExitCode);
        var clone = Path.Combine(clones.Path, "clone");
        var cloned = ProcessRunner.Run("git", clones.Path, null, "clone", "--quiet", "--depth", "1", "--no-tags", "file://" + bare, clone);
        Assert.True(cloned.ExitCode == 0, cloned.ToString());
        Assert.Equal("", ProcessRunner.Run("git", clone, null, "tag", "--list").Out);
        var gryt = new CliRunner(clone); // .gryt/ came with the clone; its database (ignored by git) did not

        var result = gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");

        Assert.Contains("v2.1.0-rc.3", result.Out, StringComparison.Ordinal);
        Assert.Contains("shallow", result.Err, StringComparison.Ordinal);
        Assert.Contains("v2.1.0-rc.1, v2.1.0-rc.2", result.Err, StringComparison.Ordinal);
        Assert.Contains("git fetch --tags origin", result.Err, StringComparison.Ordinal);
    }
}
