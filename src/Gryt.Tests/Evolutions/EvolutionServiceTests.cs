using Gryt.Tests.TestSupport;
using Gryt.Contracts;
using Gryt.Evolutions;

namespace Gryt.Tests.Evolutions;

public sealed class EvolutionServiceTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    private EvolutionService Service => new(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);

    private static IReadOnlyList<string>? NoPipelines(string name) => null;

    public void Dispose() => _repo.Dispose();

    [Fact]
    public async Task Start_numbers_release_candidates_per_generation_and_never_reuses_them()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"), ("BUG-42", "fix"));
        _repo.Declare("v3.0.0", null, ("X-1", "add"));

        var first = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        var second = await Service.StartAsync("v2.1.0", ["BUG-42"], null, StepsOf.None);
        var other = (await Service.StartAsync("v3.0.0", ["X-1"], null, StepsOf.None)).Evolution;

        Assert.Equal("v2.1.0-rc.1", first.Tag);
        Assert.Equal("v2.1.0-rc.2", second.Evolution.Tag);
        Assert.Equal(["v2.1.0-rc.1"], second.Interrupted);
        Assert.Equal("v3.0.0-rc.1", other.Tag);
        Assert.Equal(RunStatus.Interrupted, Service.FindByTag("v2.1.0-rc.1").Status);
        Assert.Equal(other.EvolutionId, Service.Active()!.EvolutionId);
    }

    [Fact]
    public async Task Start_skips_numbers_already_used_by_git_tags()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        _repo.Git("tag", "v2.1.0-rc.4");

        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;

        Assert.Equal(5, evolution.RcNumber);
    }

    [Fact]
    public async Task Start_refuses_an_unknown_change_by_name_and_creates_nothing()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));

        var error = await Assert.ThrowsAsync<NotFoundException>(() => Service.StartAsync("v2.1.0", ["NOPE"], null, StepsOf.None));

        Assert.Contains("NOPE", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _repo.Count("SELECT count(*) FROM evolutions"));
    }

    [Fact]
    public async Task Start_proves_several_changes_in_one_evolution()
    {
        _repo.Declare("v2.2.0", null, ("PERF-1", "refine"), ("OLD-9", "remove"));

        var evolution = (await Service.StartAsync("v2.2.0", ["PERF-1", "OLD-9"], null, StepsOf.None)).Evolution;

        Assert.Equal(["PERF-1", "OLD-9"], Service.FindByTag(evolution.Tag).ChangeIds);
    }

    [Fact]
    public async Task Start_refuses_a_promoted_generation()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        using (var command = _repo.Database.Connection.CreateCommand())
        {
            command.CommandText = "UPDATE generations SET status = 'promoted'";
            command.ExecuteNonQuery();
        }

        await Assert.ThrowsAsync<ConflictException>(() => Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None));
    }

    [Fact]
    public async Task Start_blocks_on_a_policy_violation_naming_policy_change_pipeline_and_step()
    {
        File.WriteAllText(_repo.Project.PolicyPath,
            "policies:\n  - name: e2e-tests-required\n    applies_to: [add]\n    required_steps: [e2e-tests]\n    description: New features must have E2E tests\n");
        _repo.Declare("v1.0.0", "ci", ("FEAT-1", "add"), ("BUG-1", "fix"));
        IReadOnlyList<string>? Steps(string name) => name == "ci" ? ["unit", "security-scan"] : null;

        var error = await Assert.ThrowsAsync<PolicyViolationException>(() => Service.StartAsync("v1.0.0", ["FEAT-1"], null, StepsOf.From(Steps)));

        Assert.Contains("e2e-tests-required", error.Message, StringComparison.Ordinal);
        Assert.Contains("FEAT-1", error.Message, StringComparison.Ordinal);
        Assert.Contains("ci", error.Message, StringComparison.Ordinal);
        Assert.Contains("e2e-tests", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _repo.Count("SELECT count(*) FROM evolutions"));
        Assert.Equal(1, _repo.Count("SELECT count(*) FROM policies_checks WHERE passed = 0"));
        Assert.Equal("v1.0.0-rc.1", (await Service.StartAsync("v1.0.0", ["BUG-1"], null, StepsOf.From(Steps))).Evolution.Tag);
    }

    [Fact]
    public async Task A_passing_evolution_is_tagged_at_the_tested_commit_and_a_failing_one_is_not()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var failed = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        Service.BindRun(failed);
        Assert.Null(Service.Complete(failed, RunStatus.Fail, _repo.Run("run-1", _repo.Commit("attempt 1"))).Tag);
        Assert.False(_repo.Tags.TagExists(failed.Tag));

        var passed = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        var tested = _repo.Commit("attempt 2");
        Service.BindRun(passed);
        var run = _repo.Run("run-2", tested);
        _repo.Commit("a later commit that was not tested");

        Assert.Equal("v2.1.0-rc.2", Service.Complete(passed, RunStatus.Pass, run).Tag);
        Assert.Equal(tested, _repo.Tags.ResolveCommit("v2.1.0-rc.2"));
        Assert.Contains("FEAT-101", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0-rc.2"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_rc_tag_made_by_someone_else_during_the_run_fails_the_evolution_and_is_never_moved()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        var original = _repo.Git("rev-parse", "HEAD").Trim();
        Service.BindRun(evolution);
        _repo.Git("tag", "v2.1.0-rc.1");
        var tested = _repo.Commit("work");

        var error = Assert.Throws<ConflictException>(() => Service.Complete(evolution, RunStatus.Pass, _repo.Run("run", tested)));

        Assert.Contains("someone else", error.Message, StringComparison.Ordinal);
        Assert.Equal(original, _repo.Tags.ResolveCommit("v2.1.0-rc.1"));
        var recorded = Service.FindByTag("v2.1.0-rc.1");
        Assert.Equal(RunStatus.Fail, recorded.Status);
        Assert.Contains("outside gryt", recorded.Reason, StringComparison.Ordinal);
        Assert.Equal(ChangeState.Failed, Service.List("v2.1.0").Changes.Single().State);
    }

    [Fact]
    public async Task An_rc_tag_git_cannot_create_leaves_a_failed_proof_never_a_pass_without_its_tag()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        Service.BindRun(evolution);
        // Another git holding the ref's lock: git refuses to create the tag.
        File.WriteAllText(Path.Combine(_repo.Root, ".git", "refs", "tags", "v2.1.0-rc.1.lock"), "");

        Assert.Throws<GrytEnvironmentException>(() => Service.Complete(evolution, RunStatus.Pass, _repo.Run("run", _repo.Commit("work"))));

        var recorded = Service.FindByTag("v2.1.0-rc.1");
        Assert.Equal(RunStatus.Fail, recorded.Status);
        Assert.StartsWith("the rc tag could not be created", recorded.Reason, StringComparison.Ordinal);
        Assert.Equal(0, _repo.Count("SELECT count(*) FROM evolutions WHERE status = 'pass'"));
    }

    [Fact]
    public async Task A_passing_run_on_a_dirty_tree_is_a_failed_proof_with_its_reason_and_no_tag()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        Service.BindRun(evolution);

        var completed = Service.Complete(evolution, RunStatus.Pass, _repo.Run("run", _repo.Commit("work"), dirty: true));

        Assert.Equal(RunStatus.Fail, completed.Status);
        Assert.Null(completed.Tag);
        Assert.False(_repo.Tags.TagExists("v2.1.0-rc.1"));
        var recorded = Service.FindByTag("v2.1.0-rc.1");
        Assert.Equal(RunStatus.Fail, recorded.Status);
        Assert.Equal(EvolutionService.DirtyReason, recorded.Reason);
        Assert.Equal(0, _repo.Count("SELECT count(*) FROM evolutions WHERE status = 'pass'"));
        Assert.Equal(1, _repo.Count("SELECT count(*) FROM audit_events WHERE event_type = 'evolution.fail' AND details_json LIKE '%dirty working tree%'"));
    }

    [Fact]
    public async Task A_dirty_run_allowed_to_prove_is_tagged_and_its_tag_message_says_dirty()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        Service.BindRun(evolution);

        var completed = Service.Complete(evolution, RunStatus.Pass, _repo.Run("run", _repo.Commit("work"), dirty: true), allowDirty: true);

        Assert.Equal(RunStatus.Pass, completed.Status);
        Assert.True(completed.Dirty);
        Assert.Contains("Dirty:", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0-rc.1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_pass_without_a_commit_is_recorded_as_a_failed_proof_not_as_a_pass()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        Service.BindRun(evolution);

        Assert.Throws<GrytEnvironmentException>(() => Service.Complete(evolution, RunStatus.Pass, _repo.Run("run", commit: null)));

        var recorded = Service.FindByTag("v2.1.0-rc.1");
        Assert.Equal(RunStatus.Fail, recorded.Status);
        Assert.Contains("no commit", recorded.Reason, StringComparison.Ordinal);
        Assert.False(_repo.Tags.TagExists("v2.1.0-rc.1"));
    }

    [Fact]
    public async Task An_evolution_started_without_a_pipeline_records_the_one_that_ran_and_its_tag_names_it()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var evolution = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        Assert.Null(evolution.PipelineName);
        Service.BindRun(evolution, "smoke");

        Service.Complete(evolution, RunStatus.Pass, _repo.Run("run", _repo.Commit("work")));

        Assert.Equal("smoke", Service.FindByTag("v2.1.0-rc.1").PipelineName);
        Assert.Contains("Pipeline: smoke", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0-rc.1"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_with_a_pipeline_that_does_not_exist_creates_nothing_and_leaves_the_pending_evolution()
    {
        _repo.Declare("v2.1.0", "release", ("FEAT-101", "add"));
        static IReadOnlyList<string> Only(string name) => name == "release" ? ["test"] : throw new NotFoundException($"no pipeline named '{name}'");
        var pending = (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.From(Only))).Evolution;

        var error = await Assert.ThrowsAsync<NotFoundException>(() => Service.StartAsync("v2.1.0", ["FEAT-101"], "nope", StepsOf.From(Only)));

        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
        Assert.Contains("--pipeline", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _repo.Count("SELECT count(*) FROM evolutions"));
        Assert.Equal(RunStatus.Pending, Service.FindByTag(pending.Tag).Status);
        Assert.Equal("v2.1.0-rc.2", (await Service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.From(Only))).Evolution.Tag);
    }

    [Fact]
    public async Task A_policy_error_about_a_pipeline_with_no_file_hints_to_create_the_file()
    {
        File.WriteAllText(_repo.Project.PolicyPath, "policies:\n  - name: e2e\n    required_steps: [e2e-tests]\n");
        _repo.Declare("v1.0.0", "ci", ("FEAT-1", "add"));

        var error = await Assert.ThrowsAsync<PolicyViolationException>(() => Service.StartAsync("v1.0.0", ["FEAT-1"], null, StepsOf.None));

        Assert.Contains("was not found", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("create .gryt/pipelines/ci.yaml", error.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("add the missing steps", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_starts_get_distinct_release_candidate_numbers()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        var tags = new System.Collections.Concurrent.ConcurrentBag<string>();

        await Parallel.ForAsync(0, 6, new ParallelOptions { MaxDegreeOfParallelism = 3 }, async (_, token) =>
        {
            using var database = Gryt.Storage.GrytDatabase.Open(_repo.Project.DatabasePath);
            var service = new EvolutionService(_repo.Project, database, _repo.Context, _repo.Tags);
            tags.Add((await service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None, token)).Evolution.Tag);
        });

        Assert.Equal(6, tags.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, 6).Select(n => $"v2.1.0-rc.{n}").Order(), tags.Order());
    }

    [Fact]
    public async Task A_tag_prefix_names_the_release_candidates()
    {
        File.WriteAllText(Path.Combine(_repo.Project.GenerationsFolder, "v1.2.0.yaml"),
            "version: v1.2.0\ntag_prefix: api/\nchanges:\n  - type: add\n    id: A-1\n    title: a\n");
        _repo.Contracts.Sync("v1.2.0");

        Assert.Equal("api/v1.2.0-rc.1", (await Service.StartAsync("v1.2.0", ["A-1"], null, StepsOf.None)).Evolution.Tag);
    }
}
