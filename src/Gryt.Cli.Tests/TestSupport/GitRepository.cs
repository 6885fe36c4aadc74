using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>A real git repository in a temp folder: a user, one commit on main.</summary>
internal sealed class GitRepository : IDisposable
{
    private static readonly Dictionary<string, string?> Environment = new()
    {
        // The machine's git settings (signing, hooks, templates) must not leak into the fixture.
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
        ["GIT_TERMINAL_PROMPT"] = "0",
    };

    private readonly TempDirectory _folder = new();

    public GitRepository()
    {
        Git("init", "--quiet", "--initial-branch=main");
        Git("config", "user.name", "Test User");
        Git("config", "user.email", "test@example.invalid");
        Git("config", "commit.gpgsign", "false");
        File.WriteAllText(Path.Combine(Root, "README.md"), "# test repository\n");
        Git("add", "README.md");
        Git("commit", "--quiet", "-m", "Initial commit");
    }

    public string Root => _folder.Path;

    public string Git(params string[] args)
    {
        var result = ProcessRunner.Run("git", Root, Environment, args);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)} failed:\n{result}");
        return result.Out;
    }

    public void Dispose() => _folder.Dispose();
}
