using System.Text;
using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Storage;

/// <summary>The generation list's rows as the plain table reads them: once, as stored bytes (GenerationStore.ListingRows).</summary>
public sealed class GenerationListingTests : IDisposable
{
    private readonly TestProject _project = new();

    public void Dispose() => _project.Dispose();

    private List<string> Rows()
    {
        var rows = new GenerationStore(_project.Database).ListingRows();
        var lines = new List<string>();
        foreach (var row in rows)
        {
            lines.Add(string.Join('|', Encoding.UTF8.GetString(row.Version), Encoding.UTF8.GetString(row.Status), row.ChangesProven, row.ChangesTotal,
                row.Evolutions, Encoding.UTF8.GetString(row.CreatedAt), row.Promoted ? Encoding.UTF8.GetString(row.PromotedAt) : "NULL"));
        }

        Assert.Equal(rows.Count, lines.Count);
        return lines;
    }

    [Fact]
    public void Rows_come_in_semver_order_with_the_counters_and_times_as_stored()
    {
        _project.Contracts.Create("v1.10.0", null);
        _project.Contracts.Create("v1.2.0", null);
        _project.Execute("UPDATE generations SET created_at = '2025-03-04T05:06:07.890Z'");
        _project.Execute("UPDATE generations SET status = 'promoted', promoted_at = '2025-03-05T10:11:12.000Z' WHERE version = 'v1.10.0'");
        _project.Execute("INSERT INTO generation_changes (generation_id, change_id, type, title, position) SELECT generation_id, 'CH-1', 'add', 'x', 0 FROM generations WHERE version = 'v1.2.0'");
        _project.AddEvolution("v1.2.0", "pass", "CH-1");

        Assert.Equal(
        [
            "v1.2.0|draft|1|1|1|2025-03-04T05:06:07.890Z|NULL",
            "v1.10.0|promoted|0|0|0|2025-03-04T05:06:07.890Z|2025-03-05T10:11:12.000Z",
        ], Rows());
    }

    [Fact]
    public void An_empty_time_is_not_a_missing_one_and_long_or_non_ascii_texts_come_back_whole()
    {
        _project.Contracts.Create("v1.0.0", null);
        _project.Contracts.Create("v2.0.0", null);
        var longTime = new string('9', 300);
        _project.Execute("UPDATE generations SET promoted_at = '' WHERE version = 'v1.0.0'");
        _project.Execute("UPDATE generations SET created_at = $1, promoted_at = 'à 10 h' WHERE version = 'v2.0.0'", longTime);

        var rows = Rows();

        Assert.EndsWith("|", rows[0], StringComparison.Ordinal);
        Assert.Equal($"v2.0.0|draft|0|0|0|{longTime}|à 10 h", rows[1]);
    }

    [Fact]
    public void Many_rows_span_several_pieces_in_order()
    {
        _project.Execute(
            """
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO generations (generation_id, version, version_key, created_at, updated_at)
            SELECT 'g' || i, 'v1.0.' || i, printf('0000000001.0000000000.%010d~', i), '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:00.000Z' FROM n
            """);

        var rows = Rows();

        Assert.Equal(3000, rows.Count);
        Assert.Equal(Enumerable.Range(1, 3000).Select(i => $"v1.0.{i}"), rows.Select(r => r[..r.IndexOf('|', StringComparison.Ordinal)]));
    }

    [Fact]
    public void No_generations_no_rows() => Assert.Empty(Rows());

    [Fact]
    public void The_listing_reads_only_its_covering_index()
    {
        // One pass over the index, never the table's rows nor a sort.
        using var listing = _project.Database.Command(GenerationStore.ListingSql);
        Assert.Equal(["SCAN generations USING COVERING INDEX ix_generations_listing"], _project.Database.QueryPlan(listing));
    }
}
