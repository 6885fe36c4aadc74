using Gryt.Tests.TestSupport;
using System.Text.Json;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Promotion;
using Gryt.Tests.Evolutions;

namespace Gryt.Tests.Promotion;

public sealed class HotfixServiceTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();
    private readonly TestData _data;

    public HotfixServiceTests() => _data = new TestData(_repo.Database);

    public void Dispose() => _repo.Dispose();

    private EvolutionService Evolutions => new(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);
    private HotfixService Hotfixes => new(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);
    private PromotionService Promotion => new(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);

    private async Task ProveAsync(string version, string change, bool pass)
    {
        var evolution = (await Evolutions.StartAsync(version, [change], null, StepsOf.None)).Evolution;
        var commit = _repo.Commit("work for " + evolution.Tag);
        var runId = _repo.Run(Guid.NewGuid().ToString(), commit);
        Evolutions.BindRun(evolution);
        Evolutions.Complete(evolution, pass ? RunStatus.Pass : RunStatus.Fail, runId);
    }

    private async Task ReleaseAsync(string version)
    {
        _repo.Declare(version, "ci", ("FEAT-1", "add"));
        await ProveAsync(version, "FEAT-1", pass: true);
        Assert.True((await Promotion.PromoteAsync(version, _data, PromotionService.DefaultGates(Gryt.Project.ProjectConfig.Default, [], _repo.Tags), false, null)).Promoted);
    }

    [Fact]
    public async Task A_hotfix_of_a_promoted_release_is_the_next_patch_with_one_fix_change_linked_to_its_base()
    {
        await ReleaseAsync("v2.1.0");

        var created = Hotfixes.Create("2.1.0", "CRIT-99", "Fix payment processing crash");

        Assert.Equal("v2.1.1", created.Generation.Version);
        Assert.Equal("Hotfix of v2.1.0 for CRIT-99: Fix payment processing crash", created.Generation.Description);
        Assert.Equal("ci", created.Generation.PipelineTemplate);
        var change = Assert.Single(_repo.Contracts.Show("v2.1.1").Changes);
        Assert.Equal(("CRIT-99", ChangeType.Fix, "Fix payment processing crash"), (change.ChangeId, change.Type, change.Title));
        Assert.Equal("v2.1.0", Hotfixes.BaseOf(created.Generation));
        var file = ContractFile.Load(created.FilePath, "v2.1.1.yaml", SemanticVersion.Parse("v2.1.1"));
        Assert.Equal("CRIT-99", Assert.Single(file.Changes).Id);
        Assert.Equal(1, _repo.Count("SELECT count(*) FROM audit_events WHERE event_type = 'hotfix.created'"));
    }

    [Fact]
    public async Task Each_hotfix_takes_the_next_free_patch_in_semver_order()
    {
        await ReleaseAsync("v1.2.0");
        _repo.Declare("v1.2.9", null);
        _repo.Declare("v1.2.10", null);

        Assert.Equal("v1.2.11", Hotfixes.Create("v1.2.0", "BUG-1", null).Generation.Version);
        Assert.Equal("v1.2.12", Hotfixes.Create("v1.2.0", "BUG-2", null).Generation.Version);
    }

    [Fact]
    public async Task A_patch_whose_tag_already_exists_is_skipped()
    {
        await ReleaseAsync("v3.0.0");
        _repo.Git("tag", "v3.0.1");

        Assert.Equal("v3.0.2", Hotfixes.Create("v3.0.0", "BUG-1", null).Generation.Version);
    }

    [Fact]
    public async Task The_base_must_exist_and_be_promoted_and_the_issue_must_be_a_change_id()
    {
        _repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        Assert.Throws<ConflictException>(() => Hotfixes.Create("v1.0.0", "CRIT-1", null));
        Assert.Throws<NotFoundException>(() => Hotfixes.Create("v9.9.9", "CRIT-1", null));
        await ReleaseAsync("v2.0.0");
        Assert.Throws<InvalidInputException>(() => Hotfixes.Create("v2.0.0", "bad id; rm -rf", null));
        Assert.Throws<InvalidInputException>(() => Hotfixes.Create("v2.0.0", "CRIT-1", "two\nlines"));
        Assert.Contains("U+202E", Assert.Throws<InvalidInputException>(() => Hotfixes.Create("v2.0.0", "CRIT-1", "fix \u202Ekcart")).Message, StringComparison.Ordinal);
        Assert.Equal(0, _repo.Count("SELECT count(*) FROM generations WHERE base_generation_id IS NOT NULL"));
    }

    [Fact]
    public async Task Hotfix_promote_needs_a_passing_evolution_tolerates_failed_ones_and_tags_the_release()
    {
        await ReleaseAsync("v2.1.0");
        Hotfixes.Create("v2.1.0", "CRIT-99", "Fix crash");

        var unproven = await Hotfixes.PromoteAsync("v2.1.1", _data, snapshotBefore: false);
        Assert.False(unproven.Promoted);
        Assert.Equal(["all_changes_proven", "proofs_in_release"], unproven.Gates.Select(g => g.Gate));

        await ProveAsync("v2.1.1", "CRIT-99", pass: false);
        await ProveAsync("v2.1.1", "CRIT-99", pass: true);
        var result = await Hotfixes.PromoteAsync("v2.1.1", _data, snapshotBefore: true);

        Assert.True(result.Promoted);
        Assert.True(_repo.Tags.TagExists("v2.1.1"));
        Assert.NotNull(result.SnapshotId);
        Assert.Equal(1, _repo.Count("SELECT count(*) FROM snapshots WHERE reason = 'before-promotion'"));
        Assert.Equal(1, _repo.Count("SELECT count(*) FROM audit_events WHERE event_type = 'hotfix.promoted'"));
        await Assert.ThrowsAsync<ConflictException>(() => Hotfixes.PromoteAsync("v2.1.1", _data, snapshotBefore: false));
    }

    [Fact]
    public async Task Hotfix_promote_refuses_a_generation_that_is_not_a_hotfix()
    {
        _repo.Declare("v1.0.0", null, ("FEAT-1", "add"));

        await Assert.ThrowsAsync<ConflictException>(() => Hotfixes.PromoteAsync("v1.0.0", _data, snapshotBefore: false));
    }

    [Fact]
    public async Task Promotion_writes_an_in_toto_provenance_statement_for_the_release_tag()
    {
        await ReleaseAsync("v1.0.0");

        var path = Path.Combine(_repo.Project.GrytFolder, "releases", "v1.0.0.intoto.json");
        using var statement = JsonDocument.Parse(File.ReadAllText(path));
        var root = statement.RootElement;
        Assert.Equal("https://in-toto.io/Statement/v1", root.GetProperty("_type").GetString());
        Assert.Equal("https://slsa.dev/provenance/v1", root.GetProperty("predicateType").GetString());
        var subject = Assert.Single(root.GetProperty("subject").EnumerateArray().ToList());
        Assert.Equal("v1.0.0", subject.GetProperty("name").GetString());
        Assert.Equal(_repo.Tags.ResolveCommit("v1.0.0"), subject.GetProperty("digest").GetProperty("gitCommit").GetString());
        var evolution = Assert.Single(root.GetProperty("predicate").GetProperty("buildDefinition").GetProperty("resolvedDependencies").EnumerateArray().ToList());
        Assert.Equal("v1.0.0-rc.1", evolution.GetProperty("name").GetString());
        var gates = root.GetProperty("predicate").GetProperty("buildDefinition").GetProperty("externalParameters").GetProperty("gates");
        Assert.Contains(gates.EnumerateArray(), g => g.GetProperty("name").GetString() == "all_changes_proven" && g.GetProperty("passed").GetBoolean());
    }
}
