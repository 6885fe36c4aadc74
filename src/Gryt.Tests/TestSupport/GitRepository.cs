using Gryt.Processes;

namespace Gryt.Tests.TestSupport;

/// <summary>
/// A real git repository in a temp folder with a test user: the one git fixture of both test
/// projects. By default it has one commit (a README.md) on main.
/// </summary>
internal sealed class GitRepository : IDisposable
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        // The machine's git settings (signing, hooks, templates) must not leak into the fixture.
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    private readonly TempDirectory _folder = new();

    public GitRepository(bool initialCommit = true)
    {
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.name", "Test User");
        Git("config", "user.email", "test@example.invalid");
        Git("config", "commit.gpgsign", "false");
        Git("config", "tag.gpgsign", "false");
        if (!initialCommit) return;
        File.WriteAllText(Path.Combine(Root, "README.md"), "# test repository\n");
        Git("add", "README.md");
        Git("commit", "--quiet", "-m", "Initial commit");
    }

    public string Root => _folder.Path;

    /// <summary>Runs git in the repository; fails the test when git fails. Returns standard output.</summary>
    public string Git(params string[] args)
    {
        var result = ChildProcess.Capture(new ProcessCommand("git", args) { WorkingDirectory = Root, Environment = Environment });
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)} failed (exit {result.ExitCode}):\n{result.Output}{result.Error}");
        return result.Output;
    }

    public void Dispose() => _folder.Dispose();
}
