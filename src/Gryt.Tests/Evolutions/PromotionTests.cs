using Gryt.Tests.TestSupport;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Promotion;

namespace Gryt.Tests.Evolutions;

public sealed class PromotionTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();
    private readonly TestData _data;

    public PromotionTests() => _data = new TestData(_repo.Database);

    private EvolutionService Evolutions => new(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);
    private PromotionService Promotion => new(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);

    public void Dispose() => _repo.Dispose();

    /// <summary>Starts an evolution, records a run with the given passed steps and metrics, and completes it.</summary>
    private async Task<(Evolution Evolution, string Commit)> ProveAsync(string version, string[] changes, bool pass, string[]? steps = null, (string Name, double Value)[]? metrics = null)
    {
        var evolution = (await Evolutions.StartAsync(version, changes, null, StepsOf.None)).Evolution;
        var commit = _repo.Commit("work for " + evolution.Tag);
        var runId = _repo.Run(Guid.NewGuid().ToString(), commit);
        Evolutions.BindRun(evolution);
        foreach (var step in steps ?? [])
        {
            Exec($"INSERT INTO step_runs (step_run_id, run_id, step_name, status) VALUES ('{Guid.NewGuid()}', '{runId}', '{step}', 'pass')");
        }

        foreach (var (name, value) in metrics ?? [])
        {
            Exec($"INSERT INTO data_rows (data_row_id, generation_id, evolution_id, run_id, metric_name, metric_value, created_at) VALUES ('{Guid.NewGuid()}', '{evolution.GenerationId}', '{evolution.EvolutionId}', '{runId}', '{name}', {value.ToString(System.Globalization.CultureInfo.InvariantCulture)}, '{DateTime.UtcNow:O}')");
        }

        Evolutions.Complete(evolution, pass ? RunStatus.Pass : RunStatus.Fail, runId);
        return (evolution, commit);
    }

    private void Exec(string sql)
    {
        using var command = _repo.Database.Connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private Generation Generation(string version) => _repo.Contracts.Show(version).Generation;

    private GateResult Check(PromotionGate gate, string version) => gate.Check(Generation(version), _data);

    [Fact]
    public async Task All_changes_proven_fails_for_no_changes_and_names_unproven_ones()
    {
        _repo.Declare("v0.1.0", null);
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"), ("BUG-42", "fix"));
        Assert.False(Check(new AllChangesProvenGate(), "v0.1.0").Passed);

        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);
        var partly = Check(new AllChangesProvenGate(), "v2.1.0");
        Assert.False(partly.Passed);
        Assert.Contains("BUG-42", partly.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FEAT-101", partly.Message, StringComparison.Ordinal);

        await ProveAsync("v2.1.0", ["BUG-42"], pass: true);
        Assert.True(Check(new AllChangesProvenGate(), "v2.1.0").Passed);
    }

    [Fact]
    public async Task No_failed_evolutions_accepts_a_failure_fixed_by_a_later_pass_but_not_an_unresolved_one()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"), ("BUG-42", "fix"));
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: false);
        await ProveAsync("v2.1.0", ["BUG-42"], pass: false);
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);

        var result = Check(new NoFailedEvolutionsGate(), "v2.1.0");
        Assert.False(result.Passed);
        Assert.Contains("v2.1.0-rc.2 (BUG-42)", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("rc.1", result.Message, StringComparison.Ordinal);

        await ProveAsync("v2.1.0", ["BUG-42"], pass: true);
        Assert.True(Check(new NoFailedEvolutionsGate(), "v2.1.0").Passed);
    }

    [Fact]
    public async Task Min_evolutions_counts_passing_evolutions_per_change()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);
        Assert.True(Check(new MinEvolutionsGate(1), "v2.1.0").Passed);
        var result = Check(new MinEvolutionsGate(2), "v2.1.0");
        Assert.False(result.Passed);
        Assert.Contains("FEAT-101 (1/2)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Policy_gate_checks_the_steps_that_passed_in_each_proving_run()
    {
        var policies = new[] { new Policy("security", [ChangeType.Fix], ["security-scan"], null) };
        _repo.Declare("v2.1.0", null, ("BUG-1", "fix"), ("FEAT-1", "add"));
        await ProveAsync("v2.1.0", ["BUG-1"], pass: true, steps: ["unit"]);
        await ProveAsync("v2.1.0", ["FEAT-1"], pass: true, steps: ["unit"]);

        var result = Check(new PolicyGate(policies), "v2.1.0");
        Assert.False(result.Passed);
        Assert.Contains("BUG-1", result.Message, StringComparison.Ordinal);
        Assert.Contains("security-scan", result.Message, StringComparison.Ordinal);

        await ProveAsync("v2.1.0", ["BUG-1"], pass: true, steps: ["unit", "security-scan"]);
        Assert.False(Check(new PolicyGate(policies), "v2.1.0").Passed); // the older proof still lacks it
        Assert.True(Check(new PolicyGate([]), "v2.1.0").Passed);
    }

    [Fact]
    public async Task Metric_gate_fails_without_data_and_reads_the_newest_passing_value()
    {
        _repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var gate = new MetricGate("coverage", 80, null);
        Assert.False(Check(gate, "v1.0.0").Passed);

        await ProveAsync("v1.0.0", ["FEAT-1"], pass: true, metrics: [("coverage", 72)]);
        var low = Check(gate, "v1.0.0");
        Assert.False(low.Passed);
        Assert.Contains("72", low.Message, StringComparison.Ordinal);

        await ProveAsync("v1.0.0", ["FEAT-1"], pass: false, metrics: [("coverage", 99)]); // a failing run does not count
        Assert.False(Check(gate, "v1.0.0").Passed);

        await ProveAsync("v1.0.0", ["FEAT-1"], pass: true, metrics: [("coverage", 91)]);
        Assert.True(Check(gate, "v1.0.0").Passed);
        Assert.False(Check(new MetricGate("coverage", null, 90), "v1.0.0").Passed);
    }

    [Fact]
    public async Task Promote_with_a_failing_gate_changes_nothing()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"), ("BUG-42", "fix"));
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);
        var events = _repo.Count("SELECT count(*) FROM audit_events");

        var result = await Promotion.PromoteAsync("v2.1.0", _data, PromotionService.DefaultGates(ProjectConfig.Default, [], _repo.Tags), dryRun: false, atReference: null);

        Assert.False(result.Promoted);
        Assert.Contains(result.Gates, g => g.Gate == "all_changes_proven" && !g.Result.Passed);
        Assert.False(_repo.Tags.TagExists("v2.1.0"));
        Assert.Equal(GenerationStatus.Draft, Generation("v2.1.0").Status);
        Assert.Equal(events, _repo.Count("SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public async Task Promote_tags_the_newest_passing_commit_writes_notes_and_freezes_the_contract()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"), ("BUG-42", "fix"));
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);
        var (_, last) = await ProveAsync("v2.1.0", ["BUG-42"], pass: true);
        _repo.Commit("untested work after the last proof");

        var dry = await Promotion.PromoteAsync("v2.1.0", _data, PromotionService.DefaultGates(ProjectConfig.Default, [], _repo.Tags), dryRun: true, atReference: null);
        Assert.True(dry.GatesPassed);
        Assert.False(_repo.Tags.TagExists("v2.1.0"));

        var result = await Promotion.PromoteAsync("v2.1.0", _data, PromotionService.DefaultGates(ProjectConfig.Default, [], _repo.Tags), dryRun: false, atReference: null);

        Assert.True(result.Promoted);
        Assert.Equal(last, _repo.Tags.ResolveCommit("v2.1.0"));
        Assert.Equal(GenerationStatus.Promoted, Generation("v2.1.0").Status);
        Assert.Equal("tester", Generation("v2.1.0").PromotedBy);
        var notes = File.ReadAllText(result.ReleaseNotesPath!);
        Assert.Contains("FEAT-101: FEAT-101 title (proven by v2.1.0-rc.1", notes, StringComparison.Ordinal);
        Assert.Contains("Fixed:", notes, StringComparison.Ordinal);
        Assert.Contains("Release v2.1.0", _repo.Git("tag", "-l", "--format=%(contents)", "v2.1.0"), StringComparison.Ordinal);
        await Assert.ThrowsAsync<ConflictException>(() => Promotion.PromoteAsync("v2.1.0", _data, [], dryRun: false, atReference: null));
        Assert.Throws<ConflictException>(() => _repo.Contracts.Sync("v2.1.0"));
    }

    [Fact]
    public async Task Promote_at_head_tags_head()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);
        var head = _repo.Commit("release prep");

        await Promotion.PromoteAsync("v2.1.0", _data, [], dryRun: false, atReference: "HEAD");

        Assert.Equal(head, _repo.Tags.ResolveCommit("v2.1.0"));
    }

    [Fact]
    public async Task A_custom_gate_that_throws_fails_instead_of_crashing()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        await ProveAsync("v2.1.0", ["FEAT-101"], pass: true);

        var result = await Promotion.PromoteAsync("v2.1.0", _data, [new ThrowingGate()], dryRun: false, atReference: null);

        Assert.False(result.Promoted);
        Assert.Contains("boom", result.Gates.Single().Result.Message, StringComparison.Ordinal);
    }

    private sealed class ThrowingGate() : PromotionGate("throws")
    {
        public override GateResult Check(Generation generation, IData data) => throw new InvalidOperationException("boom");
    }
}
