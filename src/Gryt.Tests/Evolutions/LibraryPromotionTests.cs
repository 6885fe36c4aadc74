using Gryt.Tests.TestSupport;
using Gryt.Evolutions;

namespace Gryt.Tests.Evolutions;

/// <summary>SPEC §6: the guide's custom gate and <c>generation.Promote</c>, as a library user writes them.</summary>
public sealed class LibraryPromotionTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private sealed class CodeCoverageGate(double minCoverage) : PromotionGate("code_coverage")
    {
        public override GateResult Check(Generation generation, IData data)
        {
            var rows = data.Query("SELECT metric_value FROM data_rows WHERE metric_name = 'coverage' AND generation_id = ?",
                                  generation.GenerationId);
            if (rows.Count == 0) return new GateResult(false, "No coverage data");
            var coverage = Convert.ToDouble(rows[0]["metric_value"], System.Globalization.CultureInfo.InvariantCulture);
            return coverage < minCoverage
                ? new GateResult(false, $"Coverage {coverage}% below minimum {minCoverage}%", new() { ["coverage"] = coverage })
                : new GateResult(true, $"Coverage {coverage}% OK");
        }
    }

    private async Task ProveWithCoverageAsync(double coverage)
    {
        var service = new EvolutionService(_repo.Project, _repo.Database, _repo.Context, _repo.Tags);
        var evolution = (await service.StartAsync("v2.1.0", ["FEAT-101"], null, StepsOf.None)).Evolution;
        var run = _repo.Run(Guid.NewGuid().ToString(), _repo.Commit("work"));
        using (var command = _repo.Database.Connection.CreateCommand())
        {
            command.CommandText = $"INSERT INTO data_rows (data_row_id, generation_id, evolution_id, run_id, metric_name, metric_value, created_at) VALUES ('{Guid.NewGuid()}', '{evolution.GenerationId}', '{evolution.EvolutionId}', '{run}', 'coverage', {coverage.ToString(System.Globalization.CultureInfo.InvariantCulture)}, '2026-01-01T00:00:00Z')";
            command.ExecuteNonQuery();
        }

        service.BindRun(evolution);
        service.Complete(evolution, RunStatus.Pass, run);
    }

    [Fact]
    public async Task The_guides_coverage_gate_blocks_then_allows_promotion_through_the_library()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        using var data = new SqliteData(_repo.Database);
        var generation = Generation.Load(data, "v2.1.0");

        var noData = await generation.PromoteAsync(data, gates: [new CodeCoverageGate(80.0)], autoTag: true);
        Assert.False(noData.Promoted);
        Assert.Contains(noData.Gates, g => g.Gate == "code_coverage" && g.Result.Message == "No coverage data");

        await ProveWithCoverageAsync(91);
        var promoted = await generation.PromoteAsync(data, gates: [new CodeCoverageGate(80.0)], autoTag: true);

        Assert.True(promoted.Promoted);
        Assert.True(_repo.Tags.TagExists("v2.1.0"));
        Assert.Equal("Coverage 91% OK", promoted.Gates.Single(g => g.Gate == "code_coverage").Result.Message);
    }

    [Fact]
    public async Task Promote_without_auto_tag_marks_promoted_and_creates_no_tag()
    {
        _repo.Declare("v2.1.0", null, ("FEAT-101", "add"));
        await ProveWithCoverageAsync(50);
        using var data = new SqliteData(_repo.Database);

        var result = await Generation.Load(data, "v2.1.0").PromoteAsync(data, autoTag: false);

        Assert.True(result.Promoted);
        Assert.False(_repo.Tags.TagExists("v2.1.0"));
        Assert.Equal(Gryt.Contracts.GenerationStatus.Promoted, Generation.Load(data, "v2.1.0").Status);
    }
}
