using System.Text.Json;
using Gryt.Promotion;

namespace Gryt.Tests.Promotion;

/// <summary>The release notes and the tag message tell the whole story of each change; the provenance names dirty proofs.</summary>
public sealed class ReleaseNotesTests : IDisposable
{
    private readonly PromotionFixture _f = new();

    public void Dispose() => _f.Dispose();

    [Fact]
    public async Task Notes_name_each_proof_and_commit_the_failed_attempts_before_it_the_gates_dirty_proofs_and_the_provenance()
    {
        _f.Repo.Declare("v2.0.0", null, ("FEAT-1", "add"), ("BUG-2", "fix"));
        var (failedTag, _) = await _f.ProveAsync("v2.0.0", "FEAT-1", pass: false);
        var (featTag, featCommit) = await _f.ProveAsync("v2.0.0", "FEAT-1");
        var (bugTag, _) = await _f.ProveAsync("v2.0.0", "BUG-2", dirty: true);

        var result = await _f.PromoteAsync("v2.0.0");

        Assert.True(result.Promoted);
        var notes = File.ReadAllText(result.ReleaseNotesPath!);
        Assert.Equal(notes, _f.Repo.Tags.ReadTag("v2.0.0")!.Message);
        Assert.Contains($"- FEAT-1: FEAT-1 title (proven by {featTag} @ {featCommit[..12]}, pipeline ci)\n  failed before: {failedTag}\n", notes, StringComparison.Ordinal);
        Assert.Contains($"- BUG-2: BUG-2 title (proven by {bugTag}", notes, StringComparison.Ordinal);
        Assert.Contains($"  dirty proof: {bugTag} ran on a working tree with uncommitted changes", notes, StringComparison.Ordinal);
        Assert.Contains("- proofs_in_release: pass, ", notes, StringComparison.Ordinal);
        Assert.Contains("- all_changes_proven: pass, ", notes, StringComparison.Ordinal);
        Assert.Contains("Provenance: .gryt/releases/v2.0.0.intoto.json\n", notes, StringComparison.Ordinal);

        using var provenance = JsonDocument.Parse(File.ReadAllText(result.ProvenancePath!));
        var definition = provenance.RootElement.GetProperty("predicate").GetProperty("buildDefinition");
        Assert.Equal([bugTag], definition.GetProperty("internalParameters").GetProperty("dirty_proofs").EnumerateArray().Select(e => e.GetString()));
        var dirty = definition.GetProperty("resolvedDependencies").EnumerateArray().Single(d => d.GetProperty("name").GetString() == bugTag);
        Assert.True(dirty.GetProperty("annotations").GetProperty("dirty").GetBoolean());
    }

    [Fact]
    public async Task A_metric_gate_without_data_names_the_passing_evolutions_that_lacked_the_metric()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var (tag, _) = await _f.ProveAsync("v1.0.0", "FEAT-1");

        var result = new MetricGate("coverage", 80, null).Check(_f.Generation("v1.0.0"), _f.Data);

        Assert.False(result.Passed);
        Assert.Contains($"{tag} passed without it", result.Message, StringComparison.Ordinal);
        Assert.Equal("coverage", result.Details![MetricGate.MissingMetric]);
    }

    [Fact]
    public async Task A_hotfix_of_an_unknown_base_says_which_releases_exist_and_of_a_draft_says_to_fix_the_draft()
    {
        _f.Repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        await _f.ProveAsync("v1.0.0", "FEAT-1");
        _f.Repo.Declare("v1.1.0", null, ("FEAT-2", "add"));
        Assert.True((await _f.PromoteAsync("v1.0.0")).Promoted);

        var unknown = Assert.Throws<NotFoundException>(() => _f.Hotfixes.Create("v9.9.9", "CRIT-1", null));
        Assert.Contains("newest promoted release is v1.0.0", unknown.Hint, StringComparison.Ordinal);
        var draft = Assert.Throws<ConflictException>(() => _f.Hotfixes.Create("v1.1.0", "CRIT-1", null));
        Assert.Contains("add the fix to the draft itself", draft.Hint, StringComparison.Ordinal);
    }
}
