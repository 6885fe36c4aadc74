using System.Text;
using Gryt.Processes;

namespace Gryt.Git;

/// <summary>
/// gryt's only way to git, always with argument lists (never a shell, so versions, tags and
/// messages are inert). Queries answer null/false outside a repository or without git: a run is
/// still possible, it just names no commit. Tag creation needs git and says so when it fails.
/// </summary>
internal sealed partial class GitClient(string directory)
{
    /// <summary>The identity of a commit gryt makes when git has none configured.</summary>
    public const string FallbackName = "gryt";

    public const string FallbackEmail = "gryt@localhost";

    /// <summary>The full sha of HEAD, or null (no git, not a repository, no commit yet).</summary>
    public string? HeadCommit() => Query("rev-parse", "--verify", "--quiet", "HEAD^{commit}");

    /// <summary>The repository's top folder, or null.</summary>
    public string? TopLevel() => Query("rev-parse", "--show-toplevel");

    /// <summary>
    /// Whether tracked files have uncommitted changes (untracked files do not count). A tree whose
    /// state git cannot tell (e.g. a damaged index) counts as dirty: a proof must not rest on it.
    /// </summary>
    public bool IsDirty() => Run(["status", "--porcelain", "--untracked-files=no"], null) is not (0, var output, _) || output.Trim().Length > 0;

    /// <summary>
    /// HEAD's commit and whether the tree is dirty, as <see cref="HeadCommit"/> and <see cref="IsDirty"/> answer
    /// (no commit: never dirty; a tree git cannot read: dirty), from one git process instead of two: every run asks both.
    /// </summary>
    public (string? Commit, bool Dirty) HeadState()
    {
        if (Run(["status", "--porcelain=v2", "--branch", "--no-ahead-behind", "--untracked-files=no"], null) is not (0, var output, _))
        {
            // Not a repository, no git, or a damaged index: HEAD may still resolve, and then the tree counts as dirty.
            var head = HeadCommit();
            return (head, head is not null);
        }

        string? commit = null;
        var dirty = false;
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // Headers start with '#' ("# branch.oid SHA", "(initial)" before the first commit); every other line is a changed tracked entry.
            if (line.StartsWith("# branch.oid ", StringComparison.Ordinal))
            {
                var oid = line["# branch.oid ".Length..].Trim();
                commit = oid == "(initial)" ? null : oid;
            }
            else if (line[0] != '#')
            {
                dirty = true;
            }
        }

        return (commit, commit is not null && dirty);
    }

    /// <summary>"Name &lt;email&gt;" from git config, for the audit trail; null when neither is set.</summary>
    public string? UserIdentity()
    {
        // One git process for both: every recording command asks.
        var config = ConfigValues("user.name", "user.email");
        var (name, email) = (config.GetValueOrDefault("user.name")?.Trim(), config.GetValueOrDefault("user.email")?.Trim());
        return (name, email) switch
        {
            (null, null) => null,
            (_, null) => name,
            (null, _) => email,
            _ => $"{name} <{email}>",
        };
    }

    /// <summary>The full commit sha a ref names, or null.</summary>
    public string? ResolveCommit(string reference) => Query("rev-parse", "--verify", "--quiet", reference + "^{commit}");

    /// <summary>Whether git ignores <paramref name="path"/> (relative to the folder, need not exist); null outside a repository or without git.</summary>
    public bool? IsIgnored(string path) => Run(["check-ignore", "--quiet", "--", path], null) switch
    {
        (0, _, _) => true,
        (1, _, _) => false,
        _ => null,
    };

    public bool TagExists(string tag) => Query("rev-parse", "--verify", "--quiet", "refs/tags/" + tag) is not null;

    /// <summary>Whether <paramref name="ancestor"/> is <paramref name="descendant"/> or one of its ancestors; false when either is unknown.</summary>
    public bool IsAncestor(string ancestor, string descendant) =>
        Run(["merge-base", "--is-ancestor", ancestor + "^{commit}", descendant + "^{commit}"], null) is (0, _, _);

    /// <summary>What a tag is: annotated or not, the commit it points at, and an annotated tag's message; null when there is no such tag.</summary>
    public TagInfo? ReadTag(string tag)
    {
        var reference = "refs/tags/" + tag;
        if (Query("cat-file", "-t", reference) is not { } type) return null;
        var commit = ResolveCommit(reference);
        if (type != "tag") return new TagInfo(tag, Annotated: false, commit, null);
        // The raw tag object: header lines, a blank line, then the message exactly as written.
        var raw = Run(["cat-file", "tag", reference], null) is (0, var output, _) ? output : "";
        var body = raw.IndexOf("\n\n", StringComparison.Ordinal);
        var (message, signed) = WithoutSignature(body < 0 ? "" : raw[(body + 2)..]);
        return new TagInfo(tag, Annotated: true, commit, message) { Signed = signed };
    }

    /// <summary>Tags matching a glob, e.g. <c>v2.1.0-rc.*</c>.</summary>
    public IReadOnlyList<string> ListTags(string pattern) =>
        Query("tag", "--list", pattern)?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Whether a <c>git</c> can be started at all (it is installed and on PATH).</summary>
    public bool IsInstalled() => Run(["--version"], null) is (0, _, _);

    /// <summary>Whether this clone is shallow (made with <c>--depth</c>): tags outside its history were not fetched.</summary>
    public bool IsShallow() => Query("rev-parse", "--is-shallow-repository") == "true";

    /// <summary>The names of the repository's remotes.</summary>
    public IReadOnlyList<string> Remotes() =>
        Query("remote")?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];

    /// <summary>Whether fetches from <paramref name="remote"/> skip tags (<c>clone --no-tags</c> sets <c>tagOpt</c>).</summary>
    public bool FetchesNoTags(string remote) =>
        string.Equals(Query("config", "--get", $"remote.{remote}.tagOpt"), "--no-tags", StringComparison.Ordinal);

    /// <summary>
    /// Tags of <paramref name="remote"/> that start with <paramref name="prefix"/>, or null when the remote
    /// cannot be read within <paramref name="timeout"/> (offline, no access): a question, never a failure.
    /// </summary>
    public IReadOnlyList<string>? RemoteTags(string remote, string prefix, TimeSpan timeout)
    {
        if (Run(["ls-remote", "--tags", "--refs", remote, "refs/tags/" + prefix + "*"], null, timeout: timeout) is not (0, var output, _)) return null;
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..])
            .Where(reference => reference.StartsWith("refs/tags/" + prefix, StringComparison.Ordinal))
            .Select(reference => reference["refs/tags/".Length..])
            .ToList();
    }

    /// <summary>Creates an annotated tag; an existing tag is a conflict, never moved.</summary>
    public void CreateAnnotatedTag(string tag, string commit, string message)
    {
        if (TagExists(tag)) throw new ConflictException($"git tag {tag} already exists", "gryt never moves a tag; delete it yourself if it is wrong");
        var (code, _, error) = Run(["tag", "--annotate", "--cleanup=verbatim", "--file=-", "--", tag, commit], message)
            ?? throw new GrytEnvironmentException("git is not installed or not on PATH", "install git: evolutions and promotion create git tags");
        if (code != 0)
        {
            throw new GrytEnvironmentException($"git could not create tag {tag}: {FirstLine(error)}",
                error.Contains("user.email", StringComparison.Ordinal) || error.Contains("identity", StringComparison.Ordinal)
                    ? "set git config user.name and user.email" : null);
        }
    }

    /// <summary>
    /// Keeps refs matching <paramref name="negativePattern"/> (<c>refs/tags/v1.2.0-rc.*</c>) out of a plain <c>git push</c>
    /// and <c>git push --follow-tags</c> to <paramref name="remote"/>: a negative push refspec (git 2.29+). A remote
    /// with no push refspec gets <c>HEAD</c> first, so a plain push still sends the current branch. False when git refused.
    /// </summary>
    public bool ExcludeFromPush(string remote, string negativePattern)
    {
        var key = $"remote.{remote}.push";
        var current = Query("config", "--get-all", key)?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var refspec = "^" + negativePattern;
        if (current.Contains(refspec, StringComparer.Ordinal)) return true;
        if (current.Length == 0 && Run(["config", "--add", key, "HEAD"], null) is not (0, _, _)) return false;
        return Run(["config", "--add", key, refspec], null) is (0, _, _);
    }

    /// <summary>Makes the folder a new repository whose first branch is <paramref name="branch"/>.</summary>
    public void Init(string branch)
    {
        var (code, _, error) = Run(["init", "--quiet", "--initial-branch=" + branch], null)
            ?? throw new GrytEnvironmentException("git is not installed or not on PATH", "install git: gryt projects are git repositories");
        if (code != 0) throw new GrytEnvironmentException($"git init failed: {FirstLine(error)}");
    }

    /// <summary>
    /// Stages every file and commits. When git knows no identity (no user.name/user.email in any
    /// config or GIT_* variable), this one commit is made as <see cref="FallbackName"/> rather than failing.
    /// Returns the new commit's sha.
    /// </summary>
    public string CommitAll(string message)
    {
        Checked(Run(["add", "--all"], null), "git add");
        var commit = new[] { "commit", "--quiet", "--file=-" };
        var result = Run(commit, message);
        if (result is (not 0, _, var error) && NoIdentity(error))
        {
            result = Run(commit, message, new Dictionary<string, string>
            {
                ["GIT_AUTHOR_NAME"] = FallbackName,
                ["GIT_AUTHOR_EMAIL"] = FallbackEmail,
                ["GIT_COMMITTER_NAME"] = FallbackName,
                ["GIT_COMMITTER_EMAIL"] = FallbackEmail,
            });
        }

        Checked(result, "git commit");
        return HeadCommit() ?? throw new GrytEnvironmentException("git commit made no commit");
    }

    private static bool NoIdentity(string error) =>
        error.Contains("tell me who you are", StringComparison.OrdinalIgnoreCase)
        || error.Contains("empty ident", StringComparison.OrdinalIgnoreCase)
        || error.Contains("unable to auto-detect email", StringComparison.OrdinalIgnoreCase);

    private static void Checked((int ExitCode, string Output, string Error)? result, string what)
    {
        if (result is null) throw new GrytEnvironmentException("git is not installed or not on PATH");
        if (result.Value.ExitCode != 0) throw new GrytEnvironmentException($"{what} failed: {FirstLine(result.Value.Error + "\n" + result.Value.Output)}");
    }

    private string? Query(params string[] arguments) =>
        Run(arguments, null) is (0, var output, _) ? output.Trim() : null;

    private (int ExitCode, string Output, string Error)? Run(
        IReadOnlyList<string> arguments, string? input, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        // Never prompt, never page, never take optional locks: gryt runs beside the user's git.
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { ["GIT_TERMINAL_PROMPT"] = "0", ["GIT_OPTIONAL_LOCKS"] = "0" };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) variables[name] = value;
        var command = new ProcessCommand("git", arguments)
        {
            WorkingDirectory = directory,
            Environment = variables,
            Input = input is null ? default : Encoding.UTF8.GetBytes(input),
        };
        try
        {
            var result = ChildProcess.Capture(command, timeout);
            return result.TimedOut ? null : (result.ExitCode, result.Output, result.Error);
        }
        catch (ProcessStartException)
        {
            return null; // git is not installed
        }
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown error";
}

/// <summary>A git tag as found: <see cref="Commit"/> is the commit it finally points at.</summary>
internal sealed record TagInfo(string Name, bool Annotated, string? Commit, string? Message)
{
    /// <summary>Whether git appended a signature to the tag (SSH or OpenPGP); <see cref="Message"/> is without it.</summary>
    public bool Signed { get; init; }
}
