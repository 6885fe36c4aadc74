using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary>
/// kill -9 during <c>generation promote</c> and two promotions at once, with the real binary in a real
/// repository. The crash points are gryt's test-only <c>GRYT_TEST_CRASH_AT</c> (docs/development.md).
/// </summary>
[Trait("Category", "Slow")]
public sealed class PromotionFaultTests : IDisposable
{
    private readonly GitRepository _repo = new();

    public PromotionFaultTests()
    {
        Gryt("init");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "ci.yaml"), "name: ci\nsteps:\n  - { name: test, run: \"true\" }\n");
        Gryt("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Login page\"\npipeline_template: ci\n");
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract and pipeline");
        Gryt("evolution", "start", "v1.0.0", "--change", "FEAT-1");
        Gryt("run", "ci");
        Tested = _repo.Git("rev-parse", "HEAD").Trim();
    }

    private string Tested { get; }

    public void Dispose() => _repo.Dispose();

    private CliResult Gryt(params string[] args)
    {
        var result = GrytBinary.Run(_repo.Root, args);
        Assert.True(result.ExitCode == 0, $"gryt {string.Join(' ', args)} failed:\n{result}");
        return result;
    }

    private CliResult PromoteCrashingAt(string point) =>
        GrytBinary.Run(_repo.Root, new Dictionary<string, string?> { ["GRYT_TEST_CRASH_AT"] = point }, "generation", "promote", "v1.0.0");

    private long Count(string sql)
    {
        using var json = JsonDocument.Parse(Gryt("db", "query", "--json", sql).Out);
        return json.RootElement.GetProperty("rows")[0].EnumerateObject().First().Value.GetInt64();
    }

    private void AssertReleasedOnce()
    {
        Assert.Equal(Tested, _repo.Git("rev-parse", "v1.0.0^{commit}").Trim());
        Assert.Equal("tag", _repo.Git("cat-file", "-t", "v1.0.0").Trim());
        Assert.Equal(1, Count("SELECT count(*) FROM generations WHERE version = 'v1.0.0' AND status = 'promoted'"));
        Assert.Equal(1, Count($"SELECT count(*) FROM generations WHERE promoted_commit = '{Tested}'"));
        Assert.Equal(1, Count("SELECT count(*) FROM audit_events WHERE event_type = 'generation.promoted'"));
        var notes = File.ReadAllText(Path.Combine(_repo.Root, ".gryt", "releases", "v1.0.0.md"));
        Assert.Equal(_repo.Git("cat-file", "tag", "v1.0.0").Split("\n\n", 2)[1], notes);
        Assert.True(File.Exists(Path.Combine(_repo.Root, ".gryt", "releases", "v1.0.0.intoto.json")));
        Gryt("audit", "verify");
    }

    [Theory]
    [InlineData("promote:after-snapshot")]
    [InlineData("promote:after-tag")]
    [InlineData("promote:after-files")]
    public void A_promotion_killed_before_its_record_is_completed_by_the_next_promote(string point)
    {
        var killed = PromoteCrashingAt(point);
        Assert.True(killed.ExitCode is 137 or -1 or 9, $"the crash point did not kill gryt:\n{killed}");
        Assert.Equal(0, Count("SELECT count(*) FROM generations WHERE status = 'promoted'"));

        var resumed = GrytBinary.Run(_repo.Root, "generation", "promote", "v1.0.0");

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        if (point != "promote:after-snapshot") Assert.Contains("completing an interrupted promotion", resumed.Out, StringComparison.Ordinal);
        AssertReleasedOnce();
    }

    [Fact]
    public void A_promotion_killed_after_its_record_leaves_a_complete_release_and_a_second_promote_is_a_conflict()
    {
        var killed = PromoteCrashingAt("promote:after-record");
        Assert.NotEqual(0, killed.ExitCode);

        AssertReleasedOnce();
        Assert.Equal(4, GrytBinary.Run(_repo.Root, "generation", "promote", "v1.0.0").ExitCode);
        AssertReleasedOnce();
    }

    [Fact]
    public async Task Of_promotions_at_once_the_losers_leave_no_snapshot_and_no_audit_event()
    {
        var snapshotsBefore = Count("SELECT count(*) FROM snapshots");
        var eventsBefore = Count("SELECT count(*) FROM audit_events");

        var results = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => Task.Run(() => GrytBinary.Run(_repo.Root, "generation", "promote", "v1.0.0"))));

        Assert.Equal([0, 4, 4, 4], results.Select(r => r.ExitCode).Order());
        Assert.All(results.Where(r => r.ExitCode == 4), r => Assert.Contains("already promoted", r.Err, StringComparison.Ordinal));
        AssertReleasedOnce();
        Assert.Equal(snapshotsBefore + 1, Count("SELECT count(*) FROM snapshots"));
        // The winner's snapshot.created and generation.promoted, nothing from the losers.
        Assert.Equal(eventsBefore + 2, Count("SELECT count(*) FROM audit_events"));
    }

    [Fact]
    public void After_a_rollback_to_before_the_promotion_promote_restores_the_record_from_gryts_tag()
    {
        Gryt("generation", "promote", "v1.0.0");
        using var snapshots = JsonDocument.Parse(Gryt("audit", "list-snapshots", "--json").Out);
        var before = snapshots.RootElement.GetProperty("snapshots").EnumerateArray()
            .Single(e => e.GetProperty("reason").GetString() == "before-promotion").GetProperty("snapshot_id").GetString()!;
        Gryt("audit", "rollback", before);
        Assert.Equal(0, Count("SELECT count(*) FROM generations WHERE status = 'promoted'"));

        var restored = Gryt("generation", "promote", "v1.0.0");

        Assert.Contains("completing an interrupted promotion", restored.Out, StringComparison.Ordinal);
        AssertReleasedOnce();
    }
}
