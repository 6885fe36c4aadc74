using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Gryt.Server;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Sync.Wire;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Gryt.Bench;

/// <summary>
/// The sync server under load (docs/benchmarks.md): N concurrent clients each push M evolutions with a
/// run and its step runs, one request an evolution, against a real gryt-server on 127.0.0.1:0. Some
/// pushes are cut off mid-flight and sent again, as after a dropped connection. Checks that nothing was
/// lost or duplicated and prints throughput and latency percentiles per store.
/// Usage: dotnet run --project bench/Gryt.Bench -c Release -- sync-load [--clients 50] [--evolutions 1000]
///        [--steps 3] [--store sqlite|postgresql|both] [--drop-every 10]   (PostgreSQL from GRYT_TEST_POSTGRES)
/// </summary>
internal static class SyncLoad
{
    public static async Task<int> RunAsync(string[] args)
    {
        int clients = 50, evolutions = 1000, steps = 3, dropEvery = 10;
        var store = "both";
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--evolutions": evolutions = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--steps": steps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--drop-every": dropEvery = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--store": store = args[++i]; break;
                default: Console.Error.WriteLine($"sync-load: unknown argument {args[i]}"); return 2;
            }
        }

        var postgres = Environment.GetEnvironmentVariable("GRYT_TEST_POSTGRES");
        var failed = false;
        Console.WriteLine($"sync-load: {clients} clients × {evolutions} evolutions, {steps} steps each, every {dropEvery}th push dropped and retried; {Environment.ProcessorCount} cores");
        Console.WriteLine("| store | clients × evolutions | records | requests | seconds | records/s | p50 ms | p99 ms | lost | duplicated |");
        Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var name in store == "both" ? new[] { "sqlite", "postgresql" } : [store])
        {
            if (name == "postgresql" && string.IsNullOrEmpty(postgres))
            {
                Console.WriteLine("| postgresql | skipped: GRYT_TEST_POSTGRES is not set (eval \"$(bash scripts/postgres.sh start)\") | | | | | | | | |");
                if (store != "both") failed = true;
                continue;
            }

            failed |= !await RunStoreAsync(name, postgres, clients, evolutions, steps, dropEvery);
        }

        Console.WriteLine(failed ? "sync-load: FAILED" : "sync-load: ok");
        return failed ? 1 : 0;
    }

    private static async Task<bool> RunStoreAsync(string store, string? postgres, int clients, int evolutions, int steps, int dropEvery)
    {
        var folder = Directory.CreateTempSubdirectory("gryt-sync-load-").FullName;
        string database;
        string? dropDatabase = null;
        if (store == "postgresql")
        {
            dropDatabase = "gryt_load_" + Guid.NewGuid().ToString("N")[..12];
            await using (var admin = new NpgsqlConnection(postgres))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {dropDatabase}", admin);
                await create.ExecuteNonQueryAsync();
            }

            database = new NpgsqlConnectionStringBuilder(postgres) { Database = dropDatabase, MaxPoolSize = 60 }.ConnectionString;
        }
        else
        {
            database = Path.Combine(folder, "server.db");
        }

        try
        {
            await using var app = await ServerApp.BuildAsync(database, "http://127.0.0.1:0", builder => builder.Logging.SetMinimumLevel(LogLevel.Error));
            await app.StartAsync();
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
            var serverStore = app.Services.GetRequiredService<ServerDatabase>();
            var key = (await ApiKeys.CreateAsync(serverStore, "load", Role.Write, "bench", "2026-01-01T00:00:00.000Z", CancellationToken.None)).Key;
            using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 };
            using var http = new HttpClient(handler) { BaseAddress = address, Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

            for (var c = 0; c < clients; c++)
            {
                var version = $"v{c + 1}.0.0";
                var body = JsonSerializer.Serialize(new PutContractRequest(0, $"version: {version}\nchanges:\n  - type: add\n    id: load\n    title: Load\n"), SyncJsonContext.Default.PutContractRequest);
                (await http.PutAsync($"api/v1/projects/load/generations/{version}", new StringContent(body, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
            }

            var latencies = new ConcurrentBag<double>();
            var requests = 0;
            var errors = new ConcurrentQueue<string>();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                for (var e = 0; e < evolutions; e++)
                {
                    var body = Push(c, e, steps);
                    if (dropEvery > 0 && e % dropEvery == dropEvery - 1)
                    {
                        // A dropped connection: the client gives up at some point of the request; the server may have committed.
                        using var cut = new CancellationTokenSource(TimeSpan.FromMilliseconds(Random.Shared.Next(0, 20)));
                        try
                        {
                            using var lost = await http.PostAsync("api/v1/projects/load/records", new StringContent(body, Encoding.UTF8, "application/json"), cut.Token);
                        }
                        catch (OperationCanceledException)
                        {
                        }

                        Interlocked.Increment(ref requests);
                    }

                    var started = Stopwatch.GetTimestamp();
                    using var response = await http.PostAsync("api/v1/projects/load/records", new StringContent(body, Encoding.UTF8, "application/json"));
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    Interlocked.Increment(ref requests);
                    var text = await response.Content.ReadAsStringAsync();
                    if (!response.IsSuccessStatusCode) errors.Enqueue($"{(int)response.StatusCode} {text}");
                }
            })));
            clock.Stop();

            var expected = (long)clients * evolutions * (2 + steps);
            await using var connection = await serverStore.OpenAsync(CancellationToken.None);
            var stored = await Count(connection, "SELECT COUNT(*) FROM records WHERE project = 'load'");
            var feedRows = await Count(connection, "SELECT COUNT(*) FROM feed WHERE project = 'load' AND kind <> 'generation'");
            var feedIds = await Count(connection, "SELECT COUNT(*) FROM (SELECT DISTINCT kind, id FROM feed WHERE project = 'load' AND kind <> 'generation') AS ids");
            var maxSeq = await Count(connection, "SELECT MAX(seq) FROM feed WHERE project = 'load'");
            var allFeed = await Count(connection, "SELECT COUNT(*) FROM feed WHERE project = 'load'");
            var lost = expected - stored;
            var duplicated = feedRows - feedIds;
            var sorted = latencies.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {store} | {clients} × {evolutions} | {stored:N0} | {requests:N0} | {clock.Elapsed.TotalSeconds:0.0} | {stored / clock.Elapsed.TotalSeconds:N0} | {Percentile(sorted, 0.50):0.0} | {Percentile(sorted, 0.99):0.0} | {lost} | {duplicated} |"));
            foreach (var error in errors.Take(5)) Console.WriteLine($"  error: {error}");
            var ok = errors.IsEmpty && lost == 0 && duplicated == 0 && maxSeq == allFeed;
            if (maxSeq != allFeed) Console.WriteLine($"  feed has gaps: {allFeed} items, last seq {maxSeq}");
            await app.StopAsync();
            return ok;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (dropDatabase is not null)
            {
                await using var admin = new NpgsqlConnection(postgres);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {dropDatabase} WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            }

            Directory.Delete(folder, recursive: true);
        }
    }

    private static string Push(int client, int evolution, int steps)
    {
        var version = $"v{client + 1}.0.0";
        var evolutionId = $"c{client}-e{evolution}";
        var runId = evolutionId + "-run";
        const string At = "2026-01-01T00:00:00.000Z";
        var records = new List<WireRecord>
        {
            WireRecord.Of(RecordKinds.Evolution, evolutionId, new EvolutionContent(evolutionId, version, evolution + 1, $"{version}-rc.{evolution + 1}", "pass", "ci", runId, "abc", At, At, "bench", null, ["load"]), SyncJsonContext.Default.EvolutionContent),
            WireRecord.Of(RecordKinds.Run, runId, new RunContent(runId, "ci", "pass", evolutionId, "abc", false, At, At, 0, "bench", null, "bench"), SyncJsonContext.Default.RunContent),
        };
        for (var s = 0; s < steps; s++)
        {
            var id = $"{runId}-s{s}";
            records.Add(WireRecord.Of(RecordKinds.StepRun, id, new StepRunContent(id, runId, $"step{s}", "pass", 0, 1, At, At, 12, "ok", "true"), SyncJsonContext.Default.StepRunContent));
        }

        return JsonSerializer.Serialize(new PushRecordsRequest(records), SyncJsonContext.Default.PushRecordsRequest);
    }

    private static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static async Task<long> Count(System.Data.Common.DbConnection connection, string sql) =>
        Convert.ToInt64(await Sql.ScalarAsync(connection, null, sql, CancellationToken.None) ?? 0L, CultureInfo.InvariantCulture);
}
