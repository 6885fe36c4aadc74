using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary>
/// The guide's feature release done across two clones (alice, bob) and a CI runner folder, all in
/// cloud mode against the real gryt-server, with a bare git remote between them: rc numbers come from
/// the server, the CI run binds to the evolution the server knows, one promotion wins the server's
/// compare-and-swap, and after pull all three hold the same history.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SyncReleaseTests : IDisposable
{
    private readonly SyncServer _server = new();
    private readonly TempDirectory _origin = new();
    private readonly List<IDisposable> _owned = [];

    public SyncReleaseTests() => Git(_origin.Path, "init", "--quiet", "--bare", "--initial-branch=main");

    public void Dispose()
    {
        foreach (var item in _owned) item.Dispose();
        _origin.Dispose();
        _server.Dispose();
    }

    private static string Git(string folder, params string[] args)
    {
        var result = ProcessRunner.Run("git", folder, new Dictionary<string, string?> { ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_CONFIG_GLOBAL"] = "/dev/null" }, args);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)} failed:\n{result}");
        return result.Out;
    }

    private (GitRepository Repo, CliRunner Gryt) Machine(bool first)
    {
        var repo = new GitRepository(initialCommit: first);
        var home = new TempDirectory();
        _owned.Add(repo);
        _owned.Add(home);
        repo.Git("remote", "add", "origin", _origin.Path);
        if (!first)
        {
            repo.Git("fetch", "--quiet", "--tags", "origin");
            repo.Git("checkout", "--quiet", "-b", "main", "origin/main");
        }

        var gryt = new CliRunner(repo.Root);
        gryt.Variables["XDG_CONFIG_HOME"] = home.Path;
        return (repo, gryt);
    }

    private void Login(CliRunner gryt, string name)
    {
        gryt.Input = _server.CreateKey("shop", "release", name) + "\n";
        gryt.Ok("sync", "login");
        gryt.Input = null;
    }

    private static string History(CliRunner gryt) =>
        gryt.Ok("db", "query", "--json", "SELECT e.evolution_id, e.tag, e.status, e.commit_sha, g.version, g.status AS generation FROM evolutions e JOIN generations g USING (generation_id) ORDER BY e.tag").Out;

    [Fact]
    public void Two_clones_and_a_CI_runner_release_once_with_one_tag_per_name_and_the_same_history()
    {
        // alice sets the project up and shares it through git (config.yaml says: cloud, this server).
        var (aliceRepo, alice) = Machine(first: true);
        alice.Ok("init");
        alice.Ok("sync", "config", "--mode", "cloud", "--server", _server.Url, "--project", "shop");
        alice.Ok("generation", "new", "v2.1.0");
        File.WriteAllText(Path.Combine(aliceRepo.Root, ".gryt", "generations", "v2.1.0.yaml"),
            "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: \"Stripe Connect support\"\n  - type: fix\n    id: BUG-42\n    title: \"Timeout on large transactions\"\npipeline_template: release\n");
        File.WriteAllText(Path.Combine(aliceRepo.Root, ".gryt", "pipelines", "release.yaml"), "name: release\nsteps:\n  - name: test\n    run: \"true\"\n");
        File.AppendAllText(Path.Combine(aliceRepo.Root, ".gryt", "config.yaml"), "promotion:\n  approvals: 1\n");
        aliceRepo.Git("add", "-A");
        aliceRepo.Git("commit", "--quiet", "-m", "v2.1.0 contract, release pipeline, sync settings");
        aliceRepo.Git("push", "--quiet", "origin", "main");
        Login(alice, "alice");

        // alice proves FEAT-101 on her machine: the rc number comes from the server, the run is pushed at its end.
        Assert.Contains("v2.1.0-rc.1", alice.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101").Out, StringComparison.Ordinal);
        alice.Ok("run", "release");
        aliceRepo.Git("push", "--quiet", "origin", "--tags");

        // bob starts the proof of BUG-42 (rc.2 from the server, whatever his clone had seen) and leaves it to CI.
        var (bobRepo, bob) = Machine(first: false);
        Login(bob, "bob");
        bob.Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Contains("v2.1.0-rc.2", bob.Ok("evolution", "start", "v2.1.0", "--change", "BUG-42").Out, StringComparison.Ordinal);

        // The CI runner: a fresh checkout, no database; pull, run (bound to rc.2 as the server knows it), push.
        var (ciRepo, ci) = Machine(first: false);
        ci.Variables["CI"] = "true";
        ci.Variables["GRYT_TOKEN"] = _server.CreateKey("shop", "write", "ci-runner");
        ci.Clock.Advance(TimeSpan.FromMinutes(10));
        ci.Ok("sync", "pull");
        var run = ci.Ok("run", "release");
        Assert.Contains("proving BUG-42 as v2.1.0-rc.2", run.Err, StringComparison.Ordinal);
        Assert.Equal("", ciRepo.Git("status", "--porcelain"));
        ciRepo.Git("push", "--quiet", "origin", "--tags");

        // Both clones see the proofs; alice promotes first, bob's promotion is refused by the server's CAS.
        foreach (var (repo, gryt) in new[] { (aliceRepo, alice), (bobRepo, bob) })
        {
            repo.Git("fetch", "--quiet", "--tags", "origin");
            gryt.Ok("sync", "pull");
        }

        // One approval by another key is needed; the server's CAS counts it (alice's own would not do).
        alice.Clock.Advance(TimeSpan.FromMinutes(20));
        alice.Ok("generation", "approve", "v2.1.0");
        var unapproved = alice.Run("generation", "promote", "v2.1.0");
        Assert.Equal(4, unapproved.ExitCode);
        Assert.Contains("v2.1.0 needs 1 approval(s) of this revision by keys other than yours", unapproved.Err, StringComparison.Ordinal);
        Assert.Contains("approved by bob on the sync server", bob.Ok("generation", "approve", "v2.1.0").Out, StringComparison.Ordinal);
        alice.Ok("generation", "promote", "v2.1.0");
        aliceRepo.Git("push", "--quiet", "origin", "--tags");
        bob.Clock.Advance(TimeSpan.FromMinutes(20));
        var second = bob.Run("generation", "promote", "v2.1.0");
        Assert.Equal(4, second.ExitCode);
        Assert.Contains("v2.1.0 was already promoted on the server by alice", second.Err, StringComparison.Ordinal);
        Assert.Equal("", bobRepo.Git("tag", "--list", "v2.1.0"));

        // After pull: one promotion, one tag per name, the same history everywhere.
        foreach (var (repo, gryt) in new[] { (aliceRepo, alice), (bobRepo, bob), (ciRepo, ci) })
        {
            repo.Git("fetch", "--quiet", "--tags", "origin");
            gryt.Ok("sync", "pull");
        }

        var tags = Git(_origin.Path, "tag", "--list", "v2.1.0*").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["v2.1.0", "v2.1.0-rc.1", "v2.1.0-rc.2"], tags);
        var expected = History(alice);
        using (var document = JsonDocument.Parse(expected))
        {
            var rows = document.RootElement.GetProperty("rows");
            Assert.Equal(2, rows.GetArrayLength());
            Assert.All(rows.EnumerateArray(), row => Assert.Equal("pass", row.GetProperty("status").GetString()));
            Assert.All(rows.EnumerateArray(), row => Assert.Equal("promoted", row.GetProperty("generation").GetString()));
        }

        Assert.Equal(expected, History(bob));
        Assert.Equal(expected, History(ci));

        // The compliance report's access-control check (CM-5) holds where the server authorised the promotion:
        // in alice's record (her promotion) and in bob's (pulled, with its own audit event).
        foreach (var (repo, gryt) in new[] { (aliceRepo, alice), (bobRepo, bob) })
        {
            gryt.Ok("compliance", "-o", "compliance.md");
            var report = File.ReadAllText(Path.Combine(repo.Root, "compliance.md"));
            Assert.Contains("- [x] **CM-5** Only authorised people can promote a release (access restrictions): 1 of 1 promoted release authorised by the sync server", report, StringComparison.Ordinal);
            File.Delete(Path.Combine(repo.Root, "compliance.md"));
        }
        foreach (var repo in new[] { aliceRepo, bobRepo, ciRepo })
        {
            foreach (var tag in tags) Assert.Equal(Git(_origin.Path, "rev-parse", tag), repo.Git("rev-parse", tag));
        }
    }
}
