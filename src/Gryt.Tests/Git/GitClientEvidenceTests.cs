using Gryt.Git;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Git;

/// <summary>What release evidence asks git for in bulk: several config values in one process, every note of a ref at once.</summary>
public sealed class GitClientEvidenceTests : IDisposable
{
    private readonly GitRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void ConfigValues_reads_the_keys_asked_for_with_the_last_value_winning_and_leaves_out_unset_ones()
    {
        _repo.Git("config", "gpg.format", "ssh");
        _repo.Git("config", "user.signingKey", "/keys/id ed25519.pub");
        _repo.Git("config", "--add", "user.signingkey", "/keys/second key.pub");
        _repo.Git("config", "user.signingkeyx", "not asked for");

        var values = new GitClient(_repo.Root).ConfigValues("gpg.format", "user.signingkey", "user.email", "gpg.ssh.program");

        Assert.Equal("ssh", values["gpg.format"]);
        Assert.Equal("/keys/second key.pub", values["user.signingkey"]);
        Assert.Equal("test@example.invalid", values["user.email"]);
        Assert.False(values.ContainsKey("gpg.ssh.program"));
        Assert.Equal(3, values.Count);
    }

    [Fact]
    public void Notes_reads_every_note_of_a_ref_by_the_object_it_is_on_also_past_text_that_is_not_ascii()
    {
        var git = new GitClient(_repo.Root);
        var objects = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllText(Path.Combine(_repo.Root, $"f{i}.txt"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _repo.Git("add", "-A");
            _repo.Git("commit", "-q", "-m", $"c{i}");
            objects.Add(_repo.Git("rev-parse", "HEAD").Trim());
        }

        git.SetNote(GitClient.EvidenceNotesRef, objects[0], "{ \"first\": 1 }\n");
        git.SetNote(GitClient.EvidenceNotesRef, objects[1], "naïve – ünïcödé ✓\nsecond line\n");
        git.SetNote(GitClient.EvidenceNotesRef, objects[2], "third\n");
        git.SetNote("refs/notes/other", objects[2], "not gryt's\n");
        // Bytes that are not UTF-8 (a note written by hand): the batch's sizes no longer match the decoded text.
        var raw = Path.Combine(_repo.Root, ".git", "raw-note");
        File.WriteAllBytes(raw, [(byte)'x', 0xff, (byte)'x', (byte)'\n']);
        _repo.Git("notes", "--ref=" + GitClient.EvidenceNotesRef, "add", "-F", raw, objects[3]);

        var notes = git.Notes(GitClient.EvidenceNotesRef);

        Assert.Equal(objects.Order(StringComparer.Ordinal), notes.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("{ \"first\": 1 }\n", notes[objects[0]]);
        Assert.Equal("naïve – ünïcödé ✓\nsecond line\n", notes[objects[1]]);
        Assert.Equal("third\n", notes[objects[2]]);
        Assert.Equal(git.ReadNote(GitClient.EvidenceNotesRef, objects[3]), notes[objects[3]]);
        Assert.EndsWith("x\n", notes[objects[3]], StringComparison.Ordinal);
        Assert.Empty(git.Notes("refs/notes/none"));
    }
}
