using System.Text.Json;
using System.Text.RegularExpressions;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Project;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evolutions;

/// <summary>
/// <c>Generation.PromoteAsync</c> from C# and <c>gryt generation promote</c> are one use case: on twin
/// repositories built the same way they write the same records, tags, release files and hook deliveries.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class PromotionTwinTests : IDisposable
{
    private readonly GitRepository _cliRepo = new();
    private readonly GitRepository _apiRepo = new();

    public void Dispose()
    {
        _cliRepo.Dispose();
        _apiRepo.Dispose();
    }

    [Fact]
    public async Task Generation_Promote_from_CSharp_does_what_gryt_generation_promote_does()
    {
        var cli = Build(_cliRepo);
        var api = Build(_apiRepo);

        cli.Ok("generation", "promote", "v1.0.0");
        var project = GrytProject.Find(_apiRepo.Root);
        using (var data = new SqliteData(project.DatabasePath))
        {
            var result = await Gryt.Generation.Load(data, "v1.0.0").PromoteAsync(data, context: new GrytContext(api.Clock, () => CliRunner.Actor));
            Assert.True(result.Promoted, string.Join("; ", result.Gates.Select(g => $"{g.Gate}: {g.Result.Message}")));
        }

        var cliRecord = Record(_cliRepo, cli);
        var apiRecord = Record(_apiRepo, api);

        Assert.Contains("file:coverage.cs\tTrue\tcode_coverage: Coverage 91% OK", cliRecord, StringComparison.Ordinal);
        Assert.Contains("metric:coverage\tTrue", cliRecord, StringComparison.Ordinal);
        Assert.Contains("snapshot before-promotion", cliRecord, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"generation_promoted\"", cliRecord, StringComparison.Ordinal);
        Assert.Contains("\"event\": \"generation_promoted\"", cliRecord[cliRecord.IndexOf("deliveries: ", StringComparison.Ordinal)..], StringComparison.Ordinal);
        Assert.Equal(cliRecord, apiRecord);
    }

    /// <summary>A project with a metric gate and a C# gate file in config.yaml, a generation_promoted hook and one proven change.</summary>
    private static CliRunner Build(GitRepository repo)
    {
        var gryt = new CliRunner(repo.Root);
        gryt.Ok("init");
        CoverageGateFile.Write(repo.Root);
        File.AppendAllText(Path.Combine(repo.Root, ".gryt", "config.yaml"),
            "promotion:\n  gates:\n    - metric: coverage\n      min: 80\n    - file: gates/coverage.cs\n");
        File.WriteAllText(Path.Combine(repo.Root, ".gryt", "pipelines", "ci.yaml"),
            "name: ci\nsteps:\n  - { name: test, run: \"echo '::gryt metric coverage=91'\" }\n" +
            $"hooks:\n  generation_promoted:\n    - file: {{ path: \"{Path.Combine(repo.Root, "promoted.jsonl")}\" }}\n");
        gryt.Ok("generation", "new", "v1.0.0");
        File.WriteAllText(Path.Combine(repo.Root, ".gryt", "generations", "v1.0.0.yaml"),
            "version: v1.0.0\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Login page\"\npipeline_template: ci\n");
        Commit(repo, "contract and pipeline");
        gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        gryt.Ok("evolution", "start", "v1.0.0", "--change", "FEAT-1");
        File.WriteAllText(Path.Combine(repo.Root, "login.txt"), "login\n");
        Commit(repo, "login page");
        gryt.Ok("run", "ci");
        gryt.Clock.Advance(TimeSpan.FromMinutes(1));
        return gryt;
    }

    private static void Commit(GitRepository repo, string message)
    {
        repo.Git("add", "-A");
        repo.Git("commit", "--quiet", "-m", message);
    }

    /// <summary>What a promotion leaves behind, with the twin's own commits, ids, hashes and folder replaced by placeholders.</summary>
    private static string Record(GitRepository repo, CliRunner gryt)
    {
        string Query(string sql) => gryt.Ok("db", "query", "--json", sql).Out;
        using var events = JsonDocument.Parse(Query("SELECT event_type, details_json FROM audit_events ORDER BY seq"));
        var promoted = events.RootElement.GetProperty("rows").EnumerateArray()
            .Single(e => e.GetProperty("event_type").GetString() == "generation.promoted").GetProperty("details_json").GetString()!;
        using var details = JsonDocument.Parse(promoted);
        var lines = new List<string>
        {
            "generation: " + Query("SELECT version, status, pipeline_template, tag_prefix, revision, created_at, updated_at, created_by, " +
                "promoted_at, promoted_by, promoted_commit, changes_total, changes_proven, evolutions_count FROM generations"),
            "events: " + string.Join(", ", events.RootElement.GetProperty("rows").EnumerateArray().Select(e => e.GetProperty("event_type").GetString())),
            "promoted: " + promoted,
        };
        lines.AddRange(details.RootElement.GetProperty("gates").EnumerateArray()
            .Select(g => $"gate {g.GetProperty("gate").GetString()}\t{g.GetProperty("passed").GetBoolean()}\t{g.GetProperty("message").GetString()}"));
        using var snapshots = JsonDocument.Parse(Query("SELECT reason FROM snapshots"));
        lines.AddRange(snapshots.RootElement.GetProperty("rows").EnumerateArray().Select(s => "snapshot " + s.GetProperty("reason").GetString()));
        lines.Add("tag: " + repo.Git("tag", "--list", "--format=%(refname:short) %(contents)", "v1.0.0"));
        var releases = Path.Combine(repo.Root, ".gryt", "releases");
        lines.AddRange(Directory.GetFiles(releases).Order(StringComparer.Ordinal).Select(f => Path.GetFileName(f) + ":\n" + (f.EndsWith(".dsse.json", StringComparison.Ordinal)
            ? Envelope(f) // base64 of the statement: compared as the statement's file above
            : File.ReadAllText(f))));
        lines.Add("hooks: " + File.ReadAllText(Path.Combine(repo.Root, "promoted.jsonl")));
        lines.Add("deliveries: " + Query("SELECT event, destination, ok FROM hook_deliveries WHERE event = 'generation_promoted'"));
        return Normalize(string.Join("\n", lines), repo);
    }

    private static string Envelope(string path)
    {
        using var envelope = JsonDocument.Parse(File.ReadAllText(path));
        var payload = envelope.RootElement.GetProperty("payload").GetBytesFromBase64();
        var statement = File.ReadAllBytes(path.Replace(".intoto.dsse.json", ".intoto.json", StringComparison.Ordinal));
        return $"payloadType {envelope.RootElement.GetProperty("payloadType").GetString()}, payload is the statement: {payload.AsSpan().SequenceEqual(statement)}, " +
            $"{envelope.RootElement.GetProperty("signatures").GetArrayLength()} signatures";
    }

    private static string Normalize(string text, GitRepository repo)
    {
        var commits = repo.Git("rev-list", "--all").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < commits.Length; i++)
        {
            text = text.Replace(commits[i], $"<commit{i}>", StringComparison.Ordinal)
                .Replace(commits[i][..12], $"<commit{i}:12>", StringComparison.Ordinal)
                .Replace(commits[i][..7], $"<commit{i}:7>", StringComparison.Ordinal);
        }

        text = text.Replace(repo.Root, "<root>", StringComparison.Ordinal).Replace(Path.GetFileName(repo.Root), "<folder>", StringComparison.Ordinal);
        // The run's own step timings are real; everything else runs on the fixed clock.
        text = Duration().Replace(text, "\"duration_ms\": <ms>");
        text = StepEnd().Replace(text, "\"ended_at\": \"<ended>\"");
        foreach (var pattern in new[] { Uuid(), Hash() })
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            text = pattern.Replace(text, m =>
            {
                seen.TryAdd(m.Value, seen.Count);
                return $"<{(m.Length == 36 ? "id" : "hash")}{seen[m.Value]}>";
            });
        }

        return text;
    }

    [GeneratedRegex("\"duration_ms\": \\d+")]
    private static partial Regex Duration();

    [GeneratedRegex("\"ended_at\": \"[^\"]*\"")]
    private static partial Regex StepEnd();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex Uuid();

    [GeneratedRegex("[0-9a-f]{40,64}")]
    private static partial Regex Hash();
}
