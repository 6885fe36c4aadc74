using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary>
/// A run's progress on the sync server while it goes on (docs/sync.md "Live runs"): a real gryt-server
/// on 127.0.0.1, a real run whose step prints a line every ~0.7 s, and the server's record read as a
/// dashboard would, through the feed.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LiveRunTests : IDisposable
{
    private const string SlowStep = "for i in 1 2 3 4 5 6 7 8 9; do echo line-$i; sleep 0.7; done";

    private readonly GitRepository _repo = new();
    private readonly TempDirectory _home = new();
    private readonly CliRunner _gryt;
    private SyncServer? _server;

    public LiveRunTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Variables["XDG_CONFIG_HOME"] = _home.Path;
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Sign-up\"\npipeline_template: release\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"),
            $"name: release\nsteps:\n  - name: slow\n    run: \"{SlowStep}\"\n  - name: after\n    run: \"echo done\"\n    needs: [slow]\n");
    }

    public void Dispose()
    {
        _server?.Dispose();
        _home.Dispose();
        _repo.Dispose();
    }

    [Fact]
    public async Task A_running_steps_tail_grows_on_the_server_then_the_run_ends_there()
    {
        _server = new SyncServer();
        var key = _server.CreateKey("shop", "write", "runner-1");
        _gryt.Ok("sync", "config", "--mode", "hybrid", "--server", _server.Url, "--project", "shop");
        _gryt.Variables["GRYT_TOKEN"] = key;
        _gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url + "/") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var run = Task.Run(() => _gryt.Run("run", "release"));
        var tails = new List<string>();
        string? afterWhileRunning = null;
        while (!run.IsCompleted)
        {
            var records = await Latest(http);
            if (records.TryGetValue("slow", out var slow) && slow.GetProperty("status").GetString() == "running"
                && slow.GetProperty("output_tail").GetString() is { } tail && (tails.Count == 0 || tails[^1] != tail))
            {
                tails.Add(tail);
                afterWhileRunning ??= records.TryGetValue("after", out var after) ? after.GetProperty("status").GetString() : null;
            }

            await Task.Delay(200);
        }

        var result = await run;
        Assert.True(result.ExitCode == 0, result.ToString());

        // Seen while running: the tail more than once, each time longer and the older one its start.
        Assert.True(tails.Count >= 2, "tails seen while the step ran: " + string.Join(" | ", tails));
        for (var i = 1; i < tails.Count; i++)
        {
            Assert.StartsWith(tails[i - 1], tails[i], StringComparison.Ordinal);
            Assert.True(tails[i].Length > tails[i - 1].Length);
        }

        Assert.StartsWith("line-1", tails[0], StringComparison.Ordinal);
        Assert.Equal("pending", afterWhileRunning);

        // Then final: the steps, the run and the evolution, with the whole tail.
        var final = await Latest(http);
        Assert.Equal("pass", final["slow"].GetProperty("status").GetString());
        Assert.EndsWith("line-9", final["slow"].GetProperty("output_tail").GetString(), StringComparison.Ordinal);
        Assert.True(final["slow"].GetProperty("duration_ms").GetInt64() >= 5000);
        Assert.Equal("pass", final["after"].GetProperty("status").GetString());
        Assert.Equal("pass", final["run"].GetProperty("status").GetString());
        Assert.Equal("pass", final["evolution"].GetProperty("status").GetString());

        // What the final push sent is remembered: a sync push afterwards has no record of the run to send.
        using var push = JsonDocument.Parse(_gryt.Ok("sync", "push", "--evolutions", "--json").Out);
        Assert.Equal(0, push.RootElement.GetProperty("records").GetProperty("created").GetInt32());
        Assert.Equal(0, push.RootElement.GetProperty("records").GetProperty("updated").GetInt32());
    }

    [Fact]
    public void A_server_that_never_answers_neither_fails_nor_slows_the_run()
    {
        // Takes connections into its backlog and never answers: each push waits for its time-out.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        RunsUnhurriedAgainst($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", seconds: 3, limit: 6);
    }

    [Fact]
    public void A_server_that_is_down_neither_fails_nor_slows_the_run() =>
        RunsUnhurriedAgainst("http://127.0.0.1:9", seconds: 2.5, limit: 5);

    /// <summary>A run of one step that sleeps <paramref name="seconds"/> in hybrid mode with <paramref name="url"/>: passes, within <paramref name="limit"/> s, and says its progress did not get there.</summary>
    private void RunsUnhurriedAgainst(string url, double seconds, double limit)
    {
        _gryt.Ok("sync", "config", "--mode", "hybrid", "--server", url, "--project", "shop");
        _gryt.Variables["GRYT_TOKEN"] = "gryt_0123456789ab_c2VjcmV0";
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "release.yaml"),
            $"name: release\nsteps:\n  - name: wait\n    run: \"sleep {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}\"\n");

        var clock = Stopwatch.StartNew();
        var result = _gryt.Run("run", "release", "--no-evolution");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(limit), $"the run took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Contains($"the run's progress did not reach the sync server (cannot reach the sync server {url}", result.Err, StringComparison.Ordinal);
    }

    /// <summary>The newest record of each kind and step in the server's feed: "run", "evolution", and each step by name.</summary>
    private static async Task<Dictionary<string, JsonElement>> Latest(HttpClient http)
    {
        var latest = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        using var page = JsonDocument.Parse(await http.GetStringAsync("api/v1/projects/shop/changes?since=0&limit=1000"));
        foreach (var item in page.RootElement.GetProperty("items").EnumerateArray())
        {
            var content = item.GetProperty("content");
            var name = item.GetProperty("kind").GetString() switch
            {
                "step_run" => content.GetProperty("step_name").GetString(),
                "run" => "run",
                "evolution" => "evolution",
                _ => null,
            };
            if (name is not null) latest[name] = content.Clone();
        }

        return latest;
    }
}
