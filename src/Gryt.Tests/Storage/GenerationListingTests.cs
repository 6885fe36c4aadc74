using System.Text;
using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Storage;

/// <summary>The plain generation list's lines, which SQLite lays out (GenerationStore.ListingLines).</summary>
public sealed class GenerationListingTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private List<string> Lines(params int[] widths)
    {
        var lines = new List<string>();
        new GenerationStore(_project.Database).ListingLines(widths, line => lines.Add(Encoding.UTF8.GetString(line)));
        return lines;
    }

    [Fact]
    public void Lines_pad_each_cell_to_its_width_in_semver_order_with_the_counters_and_short_times()
    {
        _project.Contracts.Create("v1.10.0", null);
        _project.Contracts.Create("v1.2.0", null);
        _project.Execute("UPDATE generations SET created_at = '2025-03-04T05:06:07.890Z'");
        _project.Execute("UPDATE generations SET status = 'promoted', promoted_at = '2025-03-05T10:11:12.000Z' WHERE version = 'v1.10.0'");
        _project.Execute("INSERT INTO generation_changes (generation_id, change_id, type, title, position) SELECT generation_id, 'CH-1', 'add', 'x', 0 FROM generations WHERE version = 'v1.2.0'");
        _project.AddEvolution("v1.2.0", "pass", "CH-1");

        Assert.Equal(
        [
            "v1.2.0   draft     1/1     1           2025-03-04 05:06  -",
            "v1.10.0  promoted  0/0     0           2025-03-04 05:06  2025-03-05 10:11",
        ], Lines(7, 8, 6, 10, 16));
    }

    [Fact]
    public void A_cell_longer_than_its_width_keeps_two_spaces_and_a_time_not_in_gryts_format_is_shown_as_stored()
    {
        _project.Contracts.Create("v1.0.0-beta.1", null);
        _project.Execute("UPDATE generations SET created_at = '2025-03-04'");

        Assert.Equal(["v1.0.0-beta.1  draft  0/0  0  2025-03-04  -"], Lines(1, 1, 1, 1, 1));
    }

    [Fact]
    public void No_generations_no_lines() => Assert.Empty(Lines(7, 8, 6, 10, 16));

    [Fact]
    public void The_listing_reads_only_its_covering_index()
    {
        // The listing's own query: one pass over the index, never the table's rows nor a sort.
        using var listing = _project.Database.Command(GenerationStore.ListingLinesSql);
        Assert.Equal(["SCAN generations USING COVERING INDEX ix_generations_listing"], _project.Database.QueryPlan(listing));
    }
}
