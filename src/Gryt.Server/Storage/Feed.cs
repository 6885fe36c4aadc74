using Gryt.Sync.Wire;

namespace Gryt.Server.Storage;

/// <summary>The change feed: every accepted write with the next number of its project's sequence.</summary>
internal static class Feed
{
    public static async Task<long> AppendAsync(ProjectWrite write, string kind, string id, string sha256, string content, CancellationToken token)
    {
        var seq = write.NextSeq();
        await write.ExecuteAsync("INSERT INTO feed (project, seq, kind, id, sha256, content) VALUES (@p, @s, @k, @i, @h, @c)", token,
            ("@p", write.Project), ("@s", seq), ("@k", kind), ("@i", id), ("@h", sha256), ("@c", content));
        return seq;
    }

    public static async Task<FeedPage> PageAsync(ServerDatabase database, string project, long since, int limit, CancellationToken token)
    {
        await using var connection = await database.OpenAsync(token);
        var rows = await Sql.QueryAsync(connection, null,
            "SELECT seq, kind, id, sha256, content FROM feed WHERE project = @p AND seq > @s ORDER BY seq LIMIT @l", token,
            ("@p", project), ("@s", since), ("@l", limit + 1));
        var items = new List<FeedItem>();
        foreach (var row in rows.Take(limit))
        {
            using var content = System.Text.Json.JsonDocument.Parse(row.Text("content"));
            items.Add(new FeedItem(row.Long("seq"), row.Text("kind"), row.Text("id"), row.Text("sha256"), content.RootElement.Clone()));
        }

        return new(items, items.Count > 0 ? items[^1].Seq : since, rows.Count > limit);
    }
}
