using System.Text;
using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Processes;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Evidence;

/// <summary>
/// Issue 14: a promoted release verifies from a fresh clone (tags and the evidence note fetched, no
/// database), and each kind of tampering makes <c>gryt release verify</c> fail naming it. Real
/// repositories, real <c>git clone</c>, real keys (a gryt key; an SSH key made by ssh-keygen).
/// </summary>
[Trait("Category", "Slow")]
public sealed class ReleaseVerifyTests : IDisposable
{
    private const string Version = "v1.0.0";
    private readonly GitRepository _repo = new();
    private readonly TempDirectory _config = new();
    private readonly List<TempDirectory> _folders = [];
    private readonly CliRunner _gryt;

    public ReleaseVerifyTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Variables["XDG_CONFIG_HOME"] = _config.Path;
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", Version);
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", Version + ".yaml"),
            $"version: {Version}\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Login page\"\npipeline_template: ci\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "ci.yaml"),
            "name: ci\nsteps:\n  - name: build\n    run: mkdir -p dist && echo app-1.0 > dist/app.txt\n    artifacts: [dist/app.txt]\n");
        File.AppendAllText(Path.Combine(_repo.Root, ".gitignore"), "dist/\n");
    }

    public void Dispose()
    {
        foreach (var folder in _folders) folder.Dispose();
        _config.Dispose();
        _repo.Dispose();
    }

    /// <summary>Commits what the test set up (keys included), proves FEAT-1 and promotes (the SBOM too).</summary>
    private CliResult Release()
    {
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract, pipeline and keys");
        _gryt.Ok("evolution", "start", Version, "--change", "FEAT-1");
        _gryt.Ok("run", "ci");
        return _gryt.Ok("generation", "promote", Version);
    }

    private static string Git(string folder, params string[] args)
    {
        var result = ChildProcess.Capture(new ProcessCommand("git", args)
        {
            WorkingDirectory = folder,
            Environment = new Dictionary<string, string> { ["GIT_CONFIG_NOSYSTEM"] = "1", ["GIT_TERMINAL_PROMPT"] = "0" },
        });
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)} failed:\n{result.Output}{result.Error}");
        return result.Output;
    }

    /// <summary>A fresh clone with the tags and the evidence notes fetched, and a gryt with no keys of its own.</summary>
    private CliRunner Clone()
    {
        var folder = new TempDirectory();
        _folders.Add(folder);
        Git(_repo.Root, "clone", "--quiet", _repo.Root, folder.Path);
        Git(folder.Path, "fetch", "--quiet", "origin", "refs/notes/gryt:refs/notes/gryt");
        var config = new TempDirectory();
        _folders.Add(config);
        var gryt = new CliRunner(folder.Path);
        gryt.Variables["XDG_CONFIG_HOME"] = config.Path;
        return gryt;
    }

    private static JsonElement Items(CliResult result)
    {
        using var json = JsonDocument.Parse(result.Out);
        return json.RootElement.Clone();
    }

    private static void AssertFails(CliResult result, string check, string detail)
    {
        Assert.True(result.ExitCode == 1, result.ToString());
        var item = Items(result).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("check").GetString() == check);
        Assert.False(item.GetProperty("ok").GetBoolean(), result.ToString());
        Assert.Contains(detail, item.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(check + ":", result.Err, StringComparison.Ordinal);
    }

    private static string NoteObject(string folder) => Git(folder, "rev-parse", "refs/tags/" + Version).Trim();

    /// <summary>Rewrites the note on the release tag through <paramref name="edit"/> of its JSON.</summary>
    private static void EditNote(string folder, Func<JsonElement, Dictionary<string, object?>> edit)
    {
        var text = Git(folder, "notes", "--ref=gryt", "show", NoteObject(folder));
        using var document = JsonDocument.Parse(text);
        var replaced = JsonSerializer.Serialize(edit(document.RootElement));
        var file = Path.Combine(folder, ".git", "edited-note.json");
        File.WriteAllText(file, replaced);
        Git(folder, "-c", "user.name=Mallory", "-c", "user.email=mallory@example.invalid", "notes", "--ref=gryt", "add", "--force", "--file", file, NoteObject(folder));
    }

    private static Dictionary<string, object?> Fields(JsonElement root) =>
        root.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

    [Fact]
    public void Compliance_in_a_fresh_clone_reads_the_signed_envelope_and_the_sbom_from_the_evidence_note()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var clone = Clone();
        Assert.False(File.Exists(Path.Combine(clone.WorkingDirectory, ".gryt", "releases", Version + ".intoto.dsse.json")));

        clone.Ok("compliance", "-o", "compliance.md");

        var report = File.ReadAllText(Path.Combine(clone.WorkingDirectory, "compliance.md"));
        Assert.Contains("signed (DSSE, by a gryt key or git's SSH key): 1 of 1 release signed", report, StringComparison.Ordinal);
        Assert.Contains("naming its version and commit: 1 of 1 release", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_release_signed_with_a_gryt_key_verifies_from_a_fresh_clone_with_no_database()
    {
        var generated = _gryt.Ok("key", "generate", "--name", "ada");
        Assert.Contains(".gryt/keys/ada.pub", generated.Out, StringComparison.Ordinal);
        var privateKey = Path.Combine(_config.Path, "gryt", "keys", "ada.pem");
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(privateKey));
        var promoted = Release();
        Assert.Contains("signed with gryt key ada", promoted.Out, StringComparison.Ordinal);

        var clone = Clone();
        var result = clone.Run("release", "verify", Version, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var json = Items(result);
        Assert.True(json.GetProperty("verified").GetBoolean());
        Assert.Equal("git", json.GetProperty("checked_from").GetString());
        Assert.Equal(
            ["tag", "tag_signature", "provenance_signature", "provenance", "artifacts", "proofs", "proofs_in_release", "audit_chain", "not_revoked", "sbom"],
            json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("check").GetString()!).ToList());
        Assert.All(json.GetProperty("items").EnumerateArray(), i => Assert.True(i.GetProperty("ok").GetBoolean(), i.ToString()));
        Assert.Contains("gryt key ada", result.Out, StringComparison.Ordinal);

        // And where the release was made, against the whole record.
        var here = _gryt.Ok("release", "verify", Version);
        Assert.Contains("checked from git and this database's record", here.Out, StringComparison.Ordinal);
        Assert.Contains("verified: 10 checks hold", here.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_moved_tag_fails_naming_the_tag()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var clone = Clone();
        Git(clone.WorkingDirectory, "tag", "-d", Version);
        Git(clone.WorkingDirectory, "-c", "user.name=Mallory", "-c", "user.email=mallory@example.invalid", "tag", "-a", Version, "-m", "moved", "HEAD~1");

        AssertFails(clone.Run("release", "verify", Version, "--json"), "tag", "was moved");
    }

    [Fact]
    public void An_edited_provenance_fails_its_signature_and_an_edited_local_copy_is_named()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var local = Path.Combine(_repo.Root, ".gryt", "releases", Version + ".intoto.json");
        File.WriteAllText(local, File.ReadAllText(local).Replace("\"passed\": true", "\"passed\": false", StringComparison.Ordinal));
        AssertFails(_gryt.Run("release", "verify", Version, "--json"), "provenance", "was edited");

        var clone = Clone();
        EditNote(clone.WorkingDirectory, root =>
        {
            var fields = Fields(root);
            var envelope = Fields(root.GetProperty("envelope"));
            var statement = Encoding.UTF8.GetString(root.GetProperty("envelope").GetProperty("payload").GetBytesFromBase64());
            envelope["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(statement.Replace("all 1 change proven", "all 2 changes proven", StringComparison.Ordinal)));
            fields["envelope"] = envelope;
            return fields;
        });

        AssertFails(clone.Run("release", "verify", Version, "--json"), "provenance_signature", "the provenance was edited");
    }

    [Fact]
    public void A_moved_rc_tag_fails_the_proofs_and_a_lightweight_release_tag_fails_the_tag()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var clone = Clone();
        var rc = Git(clone.WorkingDirectory, "tag", "--list", Version + "-rc*").Trim();
        Assert.False(string.IsNullOrEmpty(rc) || rc.Contains('\n', StringComparison.Ordinal), "one rc tag expected: " + rc);
        Git(clone.WorkingDirectory, "tag", "--force", rc, "HEAD~1");
        AssertFails(clone.Run("release", "verify", Version, "--json"), "proofs", $"rc tag {rc} points at");

        var commit = Git(clone.WorkingDirectory, "rev-parse", Version + "^{commit}").Trim();
        Git(clone.WorkingDirectory, "tag", "-d", Version);
        Git(clone.WorkingDirectory, "tag", Version, commit);
        AssertFails(clone.Run("release", "verify", Version, "--json"), "tag", "is a lightweight tag");
    }

    [Fact]
    public void A_proof_outside_the_release_commit_fails_proofs_in_release()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var clone = Clone();
        var folder = clone.WorkingDirectory;
        var rc = Git(folder, "tag", "--list", Version + "-rc*").Trim();
        Git(folder, "checkout", "--quiet", "-b", "side", "HEAD~1");
        Git(folder, "-c", "user.name=Mallory", "-c", "user.email=mallory@example.invalid", "commit", "--quiet", "--allow-empty", "-m", "not released");
        var side = Git(folder, "rev-parse", "HEAD").Trim();
        Git(folder, "checkout", "--quiet", "-");
        Git(folder, "tag", "--force", rc, side);
        EditNote(folder, root =>
        {
            var fields = Fields(root);
            var changes = root.GetProperty("changes").EnumerateArray().Select(Fields).ToList();
            changes[0]["proof_commit"] = side;
            fields["changes"] = changes;
            return fields;
        });

        AssertFails(clone.Run("release", "verify", Version, "--json"), "proofs_in_release", $"{rc} @ {side[..12]}");
    }

    [Fact]
    public void A_moved_rc_tag_with_the_note_edited_to_match_fails_against_the_signed_statement()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var clone = Clone();
        var folder = clone.WorkingDirectory;
        var rc = Git(folder, "tag", "--list", Version + "-rc*").Trim();
        var older = Git(folder, "rev-parse", "HEAD~1").Trim();
        Git(folder, "tag", "--force", rc, older);
        EditNote(folder, root =>
        {
            var fields = Fields(root);
            var changes = root.GetProperty("changes").EnumerateArray().Select(Fields).ToList();
            changes[0]["proof_commit"] = older;
            fields["changes"] = changes;
            return fields;
        });

        AssertFails(clone.Run("release", "verify", Version, "--json"), "proofs", $"the signed statement names no passing evolution {rc}");
    }

    [Fact]
    public void A_change_dropped_from_the_note_is_still_asked_for_by_the_contract_at_the_release_commit()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", Version + ".yaml"),
            $"version: {Version}\nchanges:\n  - type: add\n    id: FEAT-1\n    title: \"Login page\"\n  - type: fix\n    id: BUG-2\n    title: \"Logout\"\npipeline_template: ci\n");
        _gryt.Ok("generation", "update", Version);
        _repo.Git("add", "-A");
        _repo.Git("commit", "--quiet", "-m", "contract, pipeline and keys");
        _gryt.Ok("evolution", "start", Version, "--change", "FEAT-1", "--change", "BUG-2");
        _gryt.Ok("run", "ci");
        _gryt.Ok("generation", "promote", Version);
        var clone = Clone();
        Assert.Equal(0, clone.Run("release", "verify", Version).ExitCode);
        EditNote(clone.WorkingDirectory, root =>
        {
            var fields = Fields(root);
            fields["changes"] = root.GetProperty("changes").EnumerateArray().Where(c => c.GetProperty("id").GetString() != "BUG-2").Select(Fields).ToList();
            return fields;
        });

        AssertFails(clone.Run("release", "verify", Version, "--json"), "proofs", "BUG-2 is in the contract at the release commit");
    }

    [Fact]
    public void A_replaced_artifact_fails_naming_its_path()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        File.WriteAllText(Path.Combine(_repo.Root, "dist", "app.txt"), "app-1.0 with a backdoor\n");

        AssertFails(_gryt.Run("release", "verify", Version, "--json"), "artifacts", "dist/app.txt was replaced");
    }

    [Fact]
    public void A_missing_sbom_fails()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        var clone = Clone();
        EditNote(clone.WorkingDirectory, root =>
        {
            var fields = Fields(root);
            fields["sbom"] = null;
            return fields;
        });

        AssertFails(clone.Run("release", "verify", Version, "--json"), "sbom", "SBOM missing");
    }

    [Fact]
    public void A_signature_by_a_key_the_release_commit_does_not_trust_fails()
    {
        Release(); // committed without a key
        _gryt.Ok("key", "generate", "--name", "mallory");
        // A hotfix-free way to sign again: abandon the evidence and promote a second version with the uncommitted key.
        _gryt.Ok("generation", "new", "v1.1.0");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v1.1.0.yaml"),
            "version: v1.1.0\nchanges:\n  - type: add\n    id: FEAT-2\n    title: \"Logout\"\npipeline_template: ci\n");
        _repo.Git("add", ".gryt/generations");
        _repo.Git("commit", "--quiet", "-m", "v1.1.0");
        _gryt.Ok("evolution", "start", "v1.1.0", "--change", "FEAT-2");
        _gryt.Ok("run", "ci");
        Assert.Contains("signed with gryt key mallory", _gryt.Ok("generation", "promote", "v1.1.0").Out, StringComparison.Ordinal);

        AssertFails(_gryt.Run("release", "verify", "v1.1.0", "--json"), "provenance_signature", "gryt key mallory, which is not in .gryt/keys at the release commit");
    }

    [Fact]
    public void An_edited_audit_event_fails_in_the_database_and_in_the_note()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        _gryt.Ok("db", "query", "--write", "UPDATE audit_events SET actor = 'Mallory' WHERE seq = 2");
        AssertFails(_gryt.Run("release", "verify", Version, "--json"), "audit_chain", "the database's audit chain is broken at event #2");

        var clone = Clone();
        EditNote(clone.WorkingDirectory, root =>
        {
            var fields = Fields(root);
            var events = root.GetProperty("audit").EnumerateArray().Select(Fields).ToList();
            events[1]["actor"] = "Mallory";
            fields["audit"] = events;
            return fields;
        });
        AssertFails(clone.Run("release", "verify", Version, "--json"), "audit_chain", "event #2 was edited");
    }

    [Fact]
    public void An_unsigned_release_says_unsigned_when_promoted_and_fails_verify()
    {
        var promoted = Release();
        Assert.Contains("unsigned", promoted.Out, StringComparison.Ordinal);

        var clone = Clone();
        AssertFails(clone.Run("release", "verify", Version, "--json"), "provenance_signature", "unsigned");

        // A project that does not sign yet can still check everything else.
        var allowed = clone.Run("release", "verify", Version, "--allow-unsigned");
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Contains("unsigned, allowed by --allow-unsigned", allowed.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_revoked_release_fails_in_a_clone_that_fetched_the_notes()
    {
        _gryt.Ok("key", "generate", "--name", "ada");
        Release();
        _gryt.Ok("generation", "revoke", Version, "--reason", "CVE-2026-0001");

        AssertFails(Clone().Run("release", "verify", Version, "--json"), "not_revoked", "CVE-2026-0001");
    }

    [Fact]
    public void Git_ssh_signing_signs_the_tag_and_the_provenance_and_both_verify_against_committed_allowed_signers()
    {
        var keyFile = Path.Combine(_config.Path, "id_ed25519");
        var made = ChildProcess.Capture(new ProcessCommand("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "test@example.invalid", "-f", keyFile]));
        Assert.True(made.ExitCode == 0, "ssh-keygen is needed for this test (apt-get install openssh-client): " + made.Error);
        _repo.Git("config", "gpg.format", "ssh");
        _repo.Git("config", "user.signingkey", keyFile + ".pub");
        _repo.Git("config", "tag.gpgSign", "true");
        Directory.CreateDirectory(Path.Combine(_repo.Root, ".gryt", "keys"));
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "keys", "allowed_signers"), "test@example.invalid " + File.ReadAllText(keyFile + ".pub"));
        var promoted = Release();
        Assert.Contains("signed with git's SSH signing key (test@example.invalid)", promoted.Out, StringComparison.Ordinal);
        Assert.Contains("-----BEGIN SSH SIGNATURE-----", _repo.Git("cat-file", "tag", Version), StringComparison.Ordinal);

        var result = Clone().Run("release", "verify", Version);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"pass  tag_signature\s+signed: Good ""git"" signature for test@example.invalid", result.Out);
        Assert.Contains("signed by SSH key of test@example.invalid", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_reports_bad_input_and_unknown_versions_with_their_exit_codes()
    {
        Release();
        Assert.Equal(2, _gryt.Run("release", "verify", "not-a-version").ExitCode);
        var unknown = _gryt.Run("release", "verify", "v9.9.9");
        Assert.Equal(3, unknown.ExitCode);
        Assert.StartsWith("gryt: error: ", unknown.Err, StringComparison.Ordinal);
        _gryt.Ok("key", "generate", "--name", "ada");
        Assert.Equal(4, _gryt.Run("key", "generate", "--name", "ada").ExitCode);
        Assert.Equal(2, _gryt.Run("key", "generate", "--name", "../evil").ExitCode);
    }
}
