using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Sync;

/// <summary>
/// <c>gryt sync</c> against the real gryt-server (a process on 127.0.0.1, SQLite in a temp folder):
/// two clones of a project on two "machines" (folders, databases and config folders of their own).
/// </summary>
[Trait("Category", "Slow")]
public sealed class SyncServerTests : IDisposable
{
    private const string Contract = """
        version: v1.0.0
        description: "First release"
        changes:
          - type: add
            id: FEAT-1
            title: "Sign-up"
        """ + "\n";

    private readonly SyncServer _server = new();
    private readonly List<IDisposable> _owned = [];

    public void Dispose()
    {
        foreach (var item in _owned) item.Dispose();
        _server.Dispose();
    }

    private CliProject Clone(string name, string role = "write")
    {
        var project = new CliProject();
        var home = new TempDirectory();
        _owned.Add(project);
        _owned.Add(home);
        project.Gryt.Variables["XDG_CONFIG_HOME"] = home.Path;
        project.Gryt.Ok("sync", "config", "--mode", "hybrid", "--server", _server.Url, "--project", "shop");
        project.Gryt.Input = _server.CreateKey("shop", role, name) + "\n";
        project.Gryt.Ok("sync", "login");
        project.Gryt.Input = null;
        return project;
    }

    private static JsonDocument Json(CliResult result) => JsonDocument.Parse(result.Out);

    private static string State(CliProject clone, string version)
    {
        using var status = Json(clone.Gryt.Ok("sync", "status", "--json"));
        return status.RootElement.GetProperty("generations").EnumerateArray()
            .Single(g => g.GetProperty("version").GetString() == version).GetProperty("state").GetString()!;
    }

    [Fact]
    public void Login_keeps_the_key_0600_in_the_config_folder_never_under_gryt()
    {
        var alice = Clone("alice");

        var file = Path.Combine(alice.Gryt.Variables["XDG_CONFIG_HOME"], "gryt", "credentials.json");
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Contains(_server.Url, File.ReadAllText(file), StringComparison.Ordinal);
        var key = JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("servers").GetProperty(_server.Url).GetProperty("key").GetString()!;
        foreach (var path in Directory.EnumerateFiles(Path.Combine(alice.Root, ".gryt"), "*", SearchOption.AllDirectories).Where(p => !p.Contains("gryt.db", StringComparison.Ordinal)))
        {
            Assert.DoesNotContain(key, File.ReadAllText(path), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Push_then_pull_carries_the_contract_and_evolutions_and_pushing_twice_is_harmless()
    {
        var alice = Clone("alice");
        var bob = Clone("bob");
        alice.Gryt.Ok("generation", "new", "v1.0.0");
        alice.WriteContract("v1.0.0", Contract);
        alice.Gryt.Ok("generation", "update", "v1.0.0");
        alice.AddEvolution("v1.0.0", 1, "pass", "FEAT-1");

        using (var first = Json(alice.Gryt.Ok("sync", "push", "--json")))
        {
            Assert.Equal("created", first.RootElement.GetProperty("contracts")[0].GetProperty("outcome").GetString());
            Assert.True(first.RootElement.GetProperty("records").GetProperty("created").GetInt32() >= 1);
        }

        // Again: nothing is sent twice, and forcing every record again is answered "exists".
        using (var second = Json(alice.Gryt.Ok("sync", "push", "--json")))
        {
            Assert.Equal("unchanged", second.RootElement.GetProperty("contracts")[0].GetProperty("outcome").GetString());
            Assert.Equal(0, second.RootElement.GetProperty("records").GetProperty("created").GetInt32());
        }

        // As if the first answers were lost: the database forgets what it pushed (not through gryt, which would audit it).
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(alice.Root, ".gryt", "gryt.db")};Pooling=False"))
        {
            connection.Open();
            using var forget = connection.CreateCommand();
            forget.CommandText = "DELETE FROM sync_records";
            forget.ExecuteNonQuery();
        }

        using (var forced = Json(alice.Gryt.Ok("sync", "push", "--json")))
        {
            Assert.Equal(0, forced.RootElement.GetProperty("records").GetProperty("created").GetInt32());
            Assert.True(forced.RootElement.GetProperty("records").GetProperty("exists").GetInt32() >= 1);
        }

        Assert.Equal("behind", State(bob, "v1.0.0"));
        bob.Gryt.Ok("sync", "pull");

        Assert.Equal(Contract, File.ReadAllText(bob.GenerationFile("v1.0.0")));
        Assert.Matches(@"FEAT-1\s+add\s+proven", bob.Gryt.Ok("generation", "show", "v1.0.0").Out);
        Assert.Equal("synced", State(bob, "v1.0.0"));
        Assert.Equal("synced", State(alice, "v1.0.0"));

        // Pulling again applies nothing and changes nothing.
        using var again = Json(bob.Gryt.Ok("sync", "pull", "--json"));
        Assert.Equal(0, again.RootElement.GetProperty("items").GetInt32());
    }

    [Fact]
    public void Push_carries_a_steps_artifacts_with_their_digests_to_the_server_once()
    {
        var alice = Clone("alice");
        File.WriteAllText(Path.Combine(alice.Root, ".gryt", "pipelines", "ci.yaml"),
            "name: ci\nsteps:\n  - name: build\n    run: mkdir -p dist && printf 'app-1.0\\n' > dist/app.txt\n    artifacts: [dist/app.txt]\n");
        alice.Gryt.Ok("run", "ci");
        var runId = alice.Gryt.Ok("db", "query", "--json", "SELECT run_id FROM pipeline_runs").Out;

        var push = alice.Gryt.Ok("sync", "push");

        Assert.Contains("; 1 artifact with its digest", push.Out, StringComparison.Ordinal);
        var stored = Assert.Single(ServerArtifacts());
        Assert.Equal(("dist/app.txt", "build", 8L, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("app-1.0\n"u8))), (stored.Path, stored.Step, stored.Size, stored.Sha256));
        Assert.Contains(stored.RunId, runId, StringComparison.Ordinal);

        // Sent once; and sent again after the clone forgot what it pushed, harmlessly.
        using (var again = Json(alice.Gryt.Ok("sync", "push", "--json")))
        {
            Assert.Equal(0, again.RootElement.GetProperty("artifacts").GetProperty("pushed").GetInt32());
        }

        alice.Gryt.Ok("db", "query", "--write", "DELETE FROM sync_records");
        using (var forced = Json(alice.Gryt.Ok("sync", "push", "--json")))
        {
            Assert.Equal(1, forced.RootElement.GetProperty("artifacts").GetProperty("pushed").GetInt32());
            Assert.Equal(0, forced.RootElement.GetProperty("artifacts").GetProperty("not_kept").GetInt32());
        }

        Assert.Equal(stored, Assert.Single(ServerArtifacts()));
    }

    private List<(string Path, string? Step, long Size, string Sha256, string RunId)> ServerArtifacts()
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_server.DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT path, step_name, size, sha256, run_id FROM artifacts WHERE project = 'shop' ORDER BY path";
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string?, long, string, string)>();
        while (reader.Read()) rows.Add((reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4)));
        return rows;
    }

    [Fact]
    public void A_push_on_a_stale_revision_is_exit_4_naming_both_revisions()
    {
        var alice = Clone("alice");
        var bob = Clone("bob");
        alice.Gryt.Ok("generation", "new", "v1.0.0");
        alice.WriteContract("v1.0.0", Contract);
        alice.Gryt.Ok("sync", "push");
        bob.Gryt.Ok("sync", "pull");

        alice.WriteContract("v1.0.0", Contract + "  - type: fix\n    id: BUG-1\n    title: \"Alice's fix\"\n");
        alice.Gryt.Ok("sync", "push");
        bob.WriteContract("v1.0.0", Contract + "  - type: fix\n    id: BUG-2\n    title: \"Bob's fix\"\n");
        Assert.Equal("conflict", State(bob, "v1.0.0"));

        var push = bob.Gryt.Run("sync", "push");

        Assert.Equal(4, push.ExitCode);
        Assert.Contains("v1.0.0: your copy is based on revision 1, the server has revision 2", push.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", push.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Pull_refuses_over_unpushed_local_edits_and_changes_nothing()
    {
        var alice = Clone("alice");
        var bob = Clone("bob");
        alice.Gryt.Ok("generation", "new", "v1.0.0");
        alice.WriteContract("v1.0.0", Contract);
        alice.Gryt.Ok("sync", "push");
        bob.Gryt.Ok("sync", "pull");
        alice.WriteContract("v1.0.0", Contract + "  - type: fix\n    id: BUG-1\n    title: \"Alice's fix\"\n");
        alice.AddEvolution("v1.0.0", 1, "pass", "FEAT-1");
        alice.Gryt.Ok("sync", "push");
        var edited = Contract.Replace("Sign-up", "Sign-up and sign-in", StringComparison.Ordinal);
        bob.WriteContract("v1.0.0", edited);
        var before = bob.Gryt.Ok("db", "query", "SELECT count(*) FROM evolutions").Out;

        var pull = bob.Gryt.Run("sync", "pull");

        Assert.Equal(4, pull.ExitCode);
        Assert.Contains(".gryt/generations/v1.0.0.yaml has local edits that were never pushed, and the server has revision 2", pull.Err, StringComparison.Ordinal);
        Assert.Equal(edited, File.ReadAllText(bob.GenerationFile("v1.0.0")));
        Assert.Equal(before, bob.Gryt.Ok("db", "query", "SELECT count(*) FROM evolutions").Out);
        Assert.Empty(Directory.EnumerateFiles(Path.Combine(bob.Root, ".gryt", "generations"), "*.pull", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(bob.Root, ".gryt", "generations"), ".*")));
    }

    [Fact]
    public void With_CI_true_pull_reports_a_differing_contract_instead_of_writing_it()
    {
        var alice = Clone("alice");
        var runner = Clone("ci-runner");
        alice.Gryt.Ok("generation", "new", "v1.0.0");
        alice.WriteContract("v1.0.0", Contract);
        alice.Gryt.Ok("sync", "push");
        runner.Gryt.Ok("generation", "new", "v1.0.0");
        var committed = File.ReadAllText(runner.GenerationFile("v1.0.0"));
        runner.Gryt.Variables["CI"] = "true";

        var pull = runner.Gryt.Ok("sync", "pull");

        Assert.Contains("v1.0.0: the server's revision 1 differs from the committed .gryt/generations/v1.0.0.yaml; not written (CI=true", pull.Err, StringComparison.Ordinal);
        Assert.Equal(committed, File.ReadAllText(runner.GenerationFile("v1.0.0")));
    }

    [Fact]
    public void A_revoked_key_is_exit_5_with_its_own_message()
    {
        var alice = Clone("alice");
        var key = File.ReadAllText(Path.Combine(alice.Gryt.Variables["XDG_CONFIG_HOME"], "gryt", "credentials.json"));
        var keyText = JsonDocument.Parse(key).RootElement.GetProperty("servers").GetProperty(_server.Url).GetProperty("key").GetString()!;
        _server.Revoke(keyText);

        var push = alice.Gryt.Run("sync", "push");

        Assert.Equal(5, push.ExitCode);
        Assert.StartsWith($"gryt: error: the sync server {_server.Url} refused the key (revoked_key)", push.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(keyText, push.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_another_project_is_refused_at_login()
    {
        var alice = Clone("alice");
        alice.Gryt.Input = _server.CreateKey("other", "write", "mallory") + "\n";

        var login = alice.Gryt.Run("sync", "login");

        Assert.Equal(5, login.ExitCode);
        Assert.Contains("the key belongs to project other, but this repository syncs project shop", login.Err, StringComparison.Ordinal);
    }
}
