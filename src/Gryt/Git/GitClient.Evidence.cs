namespace Gryt.Git;

internal sealed partial class GitClient
{
    /// <summary>The notes ref that carries a release's evidence (docs/release-evidence.md).</summary>
    public const string EvidenceNotesRef = "refs/notes/gryt";

    private static readonly string[] SignatureMarkers = ["-----BEGIN SSH SIGNATURE-----", "-----BEGIN PGP SIGNATURE-----"];

    /// <summary>A git config value, or null when unset.</summary>
    public string? ConfigValue(string key) => Query("config", "--get", key);

    /// <summary>The object a tag ref names: the tag object of an annotated tag, the commit of a lightweight one; null when there is no such tag.</summary>
    public string? TagObject(string tag) => Query("rev-parse", "--verify", "--quiet", "refs/tags/" + tag);

    /// <summary>A file's text as committed in <paramref name="commit"/> (path relative to this folder), or null when it is not there.</summary>
    public string? FileAt(string commit, string path) =>
        Run(["show", commit + ":./" + path.Replace('\\', '/')], null) is (0, var output, _) ? output : null;

    /// <summary>The names of the files directly in <paramref name="folder"/> (relative to this folder) at <paramref name="commit"/>.</summary>
    public IReadOnlyList<string> FilesAt(string commit, string folder) =>
        Run(["ls-tree", "--name-only", commit, "--", folder.Replace('\\', '/').TrimEnd('/') + "/"], null) is (0, var output, _)
            ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(p => p[(p.LastIndexOf('/') + 1)..]).ToList()
            : [];

    /// <summary>Sets the note of <paramref name="objectId"/> under <paramref name="notesRef"/> (replacing one that is there).</summary>
    public void SetNote(string notesRef, string objectId, string text)
    {
        string[] arguments = ["notes", "--ref=" + notesRef, "add", "--force", "--file=-", objectId];
        var result = Run(arguments, text);
        // A note is a commit on the notes ref: like CommitAll, a machine with no git identity still gets one.
        if (result is (not 0, _, var error) && NoIdentity(error))
        {
            result = Run(arguments, text, new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = FallbackName, ["GIT_AUTHOR_EMAIL"] = FallbackEmail,
                ["GIT_COMMITTER_NAME"] = FallbackName, ["GIT_COMMITTER_EMAIL"] = FallbackEmail,
            });
        }

        Checked(result, "git notes add");
    }

    /// <summary>The note of <paramref name="objectId"/> under <paramref name="notesRef"/>, or null.</summary>
    public string? ReadNote(string notesRef, string objectId) =>
        Run(["notes", "--ref=" + notesRef, "show", objectId], null) is (0, var output, _) ? output : null;

    /// <summary>The objects that have a note under <paramref name="notesRef"/>.</summary>
    public IReadOnlyList<string> NotedObjects(string notesRef) =>
        Run(["notes", "--ref=" + notesRef, "list"], null) is (0, var output, _)
            ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(f => f.Length == 2).Select(f => f[1]).ToList()
            : [];

    /// <summary>
    /// Checks a signed tag with <c>git tag -v</c>; SSH signatures against <paramref name="allowedSignersFile"/>
    /// when given (else git's own setting). Returns whether it verified and what git said, in one line.
    /// </summary>
    public (bool Verified, string Said) VerifyTag(string tag, string? allowedSignersFile)
    {
        var arguments = new List<string>();
        if (allowedSignersFile is not null) arguments.AddRange(["-c", "gpg.ssh.allowedSignersFile=" + allowedSignersFile]);
        arguments.AddRange(["tag", "-v", "--", tag]);
        return Run(arguments, null) switch
        {
            null => (false, "git is not installed"),
            (0, _, var error) => (true, FirstLine(error)),
            (_, _, var error) => (false, FirstLine(error)),
        };
    }

    /// <summary>Splits a tag object's message from the signature git appended to it (<c>git tag -s</c>, or <c>tag.gpgSign</c>).</summary>
    internal static (string Message, bool Signed) WithoutSignature(string message)
    {
        foreach (var marker in SignatureMarkers)
        {
            var at = message.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && (at == 0 || message[at - 1] == '\n')) return (message[..at], true);
        }

        return (message, false);
    }
}
