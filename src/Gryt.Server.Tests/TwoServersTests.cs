using System.Net;
using System.Text.Json;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Server.Tests.TestSupport;
using Gryt.Sync.Wire;

namespace Gryt.Server.Tests;

/// <summary>Two gryt-server processes on one PostgreSQL database, raced: one promotion per version,
/// distinct RC numbers, every record once, the feed without gaps or repeats.</summary>
[Trait("Category", "Slow")]
public sealed class TwoServersTests
{
    [PostgresFact]
    public async Task Two_server_processes_on_one_PostgreSQL_database_agree_under_racing_writes()
    {
        await using var database = await Stores.NewPostgresAsync();
        var store = new ServerDatabase(SqlDialect.For(database.ConnectionString));
        await store.MigrateAsync(CancellationToken.None);
        var keys = new List<string>();
        for (var i = 0; i < 4; i++) keys.Add((await ApiKeys.CreateAsync(store, "shop", i == 0 ? Role.Admin : Role.Release, $"user{i}", "2026-01-01T00:00:00.000Z", CancellationToken.None)).Key);

        await using var a = await ServerProcess.StartAsync(database.ConnectionString);
        await using var b = await ServerProcess.StartAsync(database.ConnectionString);
        var clients = keys.SelectMany(key => new[] { Client(a.Address, key), Client(b.Address, key) }).ToList();
        try
        {
            const int Versions = 5;
            for (var v = 1; v <= Versions; v++)
            {
                var response = await clients[v % clients.Count].PutAsync($"api/v1/projects/shop/generations/v{v}.0.0", Sample.Put(0, Sample.Contract($"v{v}.0.0")));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            // Promotions: every client tries every version at once.
            var promotions = Enumerable.Range(1, Versions).SelectMany(v => clients.Select(c => (v, c.PostAsync($"api/v1/projects/shop/generations/v{v}.0.0/promotion", Sample.Promotion(1, $"v{v}.0.0"))))).ToList();
            await Task.WhenAll(promotions.Select(p => p.Item2));
            foreach (var group in promotions.GroupBy(p => p.v))
            {
                var statuses = group.Select(p => p.Item2.Result.StatusCode).ToList();
                Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.OK));
                Assert.All(statuses.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
            }

            // RC numbers for one open generation: distinct, 1..N.
            Assert.Equal(HttpStatusCode.OK, (await clients[0].PutAsync("api/v1/projects/shop/generations/v9.0.0", Sample.Put(0, Sample.Contract("v9.0.0")))).StatusCode);
            var rcs = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
            {
                var response = await clients[i % clients.Count].PostAsync("api/v1/projects/shop/generations/v9.0.0/rc", Json.Body($$"""{"evolution_id":"e{{i}}"}"""));
                return JsonSerializer.Deserialize(await response.Content.ReadAsStringAsync(), SyncJsonContext.Default.RcResponse)!.RcNumber;
            }));
            Assert.Equal(Enumerable.Range(1, 16), rcs.Order());

            // Appends: each client pushes its own runs and some shared ones, some twice.
            await Task.WhenAll(clients.Select(async (client, n) =>
            {
                for (var batch = 0; batch < 5; batch++)
                {
                    var records = Enumerable.Range(0, 10).Select(i => Sample.Run($"c{n}-b{batch}-r{i}"))
                        .Append(Sample.Run($"shared-{batch}")).ToArray();
                    for (var attempt = 0; attempt < 2; attempt++)
                    {
                        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(records));
                        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
                    }
                }
            }));

            var expectedRuns = clients.Count * 5 * 10 + 5;
            Assert.Equal(expectedRuns, await Count(store, "SELECT COUNT(*) FROM records WHERE kind = 'run'"));
            var feed = new List<FeedItem>();
            long since = 0;
            while (true)
            {
                var page = JsonSerializer.Deserialize(await clients[1].GetStringAsync($"api/v1/projects/shop/changes?since={since}&limit=1000"), SyncJsonContext.Default.FeedPage)!;
                feed.AddRange(page.Items);
                since = page.NextSince;
                if (!page.More) break;
            }

            Assert.Equal(Enumerable.Range(1, feed.Count).Select(i => (long)i), feed.Select(i => i.Seq));
            Assert.Equal(expectedRuns, feed.Count(i => i.Kind == RecordKinds.Run));
            Assert.Equal(expectedRuns, feed.Where(i => i.Kind == RecordKinds.Run).Select(i => i.Id).Distinct().Count());
            Assert.Equal(Versions, feed.Count(i => i.Kind == FeedKinds.Promotion));

            var verify = JsonSerializer.Deserialize(await clients[0].GetStringAsync("api/v1/projects/shop/audit/verify"), SyncJsonContext.Default.ServerAuditVerification)!;
            Assert.True(verify.Verified, verify.FirstBreak);
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }
    }

    private static HttpClient Client(Uri address, string key)
    {
        var client = new HttpClient { BaseAddress = address };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private static async Task<long> Count(ServerDatabase store, string sql)
    {
        await using var connection = await store.OpenAsync(CancellationToken.None);
        return Convert.ToInt64(await Sql.ScalarAsync(connection, null, sql, CancellationToken.None), System.Globalization.CultureInfo.InvariantCulture);
    }
}
