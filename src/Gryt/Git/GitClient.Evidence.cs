using System.Text;

namespace Gryt.Git;

internal sealed partial class GitClient
{
    /// <summary>The notes ref that carries a release's evidence (docs/release-evidence.md).</summary>
    public const string EvidenceNotesRef = "refs/notes/gryt";

    private static readonly string[] SignatureMarkers = ["-----BEGIN SSH SIGNATURE-----", "-----BEGIN PGP SIGNATURE-----"];

    /// <summary>A git config value, or null when unset.</summary>
    public string? ConfigValue(string key) => Query("config", "--get", key);

    /// <summary>The values of <paramref name="keys"/> that are set (as <c>git config --get</c> gives them: the last one wins),
    /// by key as given, read with one git process.</summary>
    public IReadOnlyDictionary<string, string> ConfigValues(params string[] keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pattern = "^(" + string.Join('|', keys.Select(k => System.Text.RegularExpressions.Regex.Escape(k.ToLowerInvariant()))) + ")$";
        // Exit 1 when none is set; -z: "key\nvalue\0" per entry, so a value may hold any character.
        if (Run(["config", "-z", "--get-regexp", pattern], null) is not (0, var output, _)) return values;
        foreach (var entry in output.Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var newline = entry.IndexOf('\n', StringComparison.Ordinal);
            if (newline > 0) values[entry[..newline]] = entry[(newline + 1)..];
        }

        return keys.Where(values.ContainsKey).ToDictionary(k => k, k => values[k], StringComparer.OrdinalIgnoreCase);
    }

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

    /// <summary>The regular files (not links, not submodules) committed in <paramref name="commit"/> under this folder,
    /// relative to it, '/'-separated; null when git cannot say (no such commit, not a repository).</summary>
    public IReadOnlyList<string>? RegularFilesAt(string commit) =>
        Run(["ls-tree", "-r", "-z", commit], null) is (0, var output, _)
            ? output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
                .Select(entry => entry.Split('\t', 2))
                .Where(f => f.Length == 2 && (f[0].StartsWith("100644 blob ", StringComparison.Ordinal) || f[0].StartsWith("100755 blob ", StringComparison.Ordinal)))
                .Select(f => f[1]).ToList()
            : null;

    /// <summary>Writes <paramref name="paths"/> (relative to this folder) as committed in <paramref name="commit"/> under
    /// <paramref name="into"/>, and returns the folder there that stands for this one (git writes paths from the repository's top).
    /// Through a throw-away index (<c>read-tree</c>, <c>checkout-index</c>), not <c>git archive</c>: archive leaves out what
    /// <c>.gitattributes</c> marks <c>export-ignore</c> and rewrites <c>export-subst</c> files, and the bytes are those git checks out.</summary>
    public string CheckoutFiles(string commit, IReadOnlyList<string> paths, string into)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var prefix = Query("rev-parse", "--show-prefix") ?? throw new GrytEnvironmentException("git cannot say where this folder is in its repository");
        var index = Path.Combine(into, ".gryt-index");
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_INDEX_FILE"] = index };
        try
        {
            Checked(Run(["read-tree", commit], null, environment), "git read-tree");
            Checked(Run(["checkout-index", "-z", "--stdin", "--prefix=" + into.TrimEnd('/') + "/"], string.Concat(paths.Select(p => p + "\0")), environment), "git checkout-index");
        }
        finally
        {
            File.Delete(index);
        }

        return Path.Combine(into, prefix);
    }

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

    /// <summary>Every note under <paramref name="notesRef"/>, by the object it is on, read with two git processes
    /// however many there are (<c>git notes list</c>, then one <c>git cat-file --batch</c> for all their blobs).</summary>
    public IReadOnlyDictionary<string, string> Notes(string notesRef)
    {
        var notes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Run(["notes", "--ref=" + notesRef, "list"], null) is not (0, var listed, _)) return notes;
        var pairs = listed.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')).Where(f => f.Length == 2).Select(f => (Blob: f[0], Object: f[1])).ToList();
        if (pairs.Count == 0) return notes;
        // The batch states sizes in bytes: they hold for the decoded text only when it was UTF-8 throughout (nothing replaced).
        var texts = Run(["cat-file", "--batch"], string.Join('\n', pairs.Select(p => p.Blob)) + "\n") is (0, var batch, _) && !batch.Contains('\uFFFD', StringComparison.Ordinal)
            ? Blobs(batch, [.. pairs.Select(p => p.Blob)])
            : [];
        for (var i = 0; i < pairs.Count; i++)
        {
            if ((i < texts.Count ? texts[i] : ReadNote(notesRef, pairs[i].Object)) is { } text) notes[pairs[i].Object] = text;
        }

        return notes;
    }

    /// <summary>The contents of <c>git cat-file --batch</c>'s output for <paramref name="ids"/>, in order, as far as its headers match.</summary>
    private static List<string> Blobs(string batch, IReadOnlyList<string> ids)
    {
        var bytes = Encoding.UTF8.GetBytes(batch);
        var blobs = new List<string>(ids.Count);
        var at = 0;
        while (blobs.Count < ids.Count && at < bytes.Length)
        {
            var end = Array.IndexOf(bytes, (byte)'\n', at);
            if (end < 0) break;
            var header = Encoding.UTF8.GetString(bytes, at, end - at).Split(' ');
            if (header.Length != 3 || header[0] != ids[blobs.Count] || header[1] != "blob" || !int.TryParse(header[2], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                || end + 1 + size >= bytes.Length || bytes[end + 1 + size] != (byte)'\n')
            {
                break;
            }

            blobs.Add(Encoding.UTF8.GetString(bytes, end + 1, size));
            at = end + 2 + size;
        }

        return blobs;
    }

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
