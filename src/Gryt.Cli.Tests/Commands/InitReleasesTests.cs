using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary><c>gryt init</c> keeps <c>.gryt/releases/</c> committed in a real repository whose ignore rules would hide it.</summary>
public sealed class InitReleasesTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public InitReleasesTests() => _gryt = new CliRunner(_repo.Root);

    public void Dispose() => _repo.Dispose();

    private bool Ignored(string path) =>
        ProcessRunner.Run("git", _repo.Root, null, "check-ignore", "--quiet", "--", path).ExitCode == 0;

    [Fact]
    public void Init_under_visual_studios_gitignore_un_ignores_releases_and_git_then_commits_release_files()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gitignore"), "# Visual Studio\n[Rr]eleases/\nbin/\n");

        var init = _gryt.Ok("init");

        Assert.Contains("gryt: an ignore rule above ignores releases/: .gryt/.gitignore un-ignores .gryt/releases/", init.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("warning", init.Err, StringComparison.Ordinal);
        Assert.Contains("!releases/\n", File.ReadAllText(Path.Combine(_repo.Root, ".gryt", ".gitignore")), StringComparison.Ordinal);
        Directory.CreateDirectory(Path.Combine(_repo.Root, ".gryt", "releases"));
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "releases", "v1.0.0.md"), "notes\n");
        File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "releases", "v1.0.0.intoto.json"), "{}\n");
        _repo.Git("add", "-A");
        var staged = _repo.Git("diff", "--cached", "--name-only");
        Assert.Contains(".gryt/releases/v1.0.0.md", staged, StringComparison.Ordinal);
        Assert.Contains(".gryt/releases/v1.0.0.intoto.json", staged, StringComparison.Ordinal);
        Assert.True(Ignored(".gryt/gryt.db"));

        var repair = _gryt.Ok("init", "--force");
        Assert.Contains("nothing was missing", repair.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Init_adds_nothing_where_releases_are_not_ignored()
    {
        var init = _gryt.Ok("init");

        Assert.Equal("", init.Err);
        Assert.DoesNotContain("releases", File.ReadAllText(Path.Combine(_repo.Root, ".gryt", ".gitignore")), StringComparison.Ordinal);
    }

    [Fact]
    public void Init_warns_when_an_ignored_parent_folder_keeps_releases_ignored()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".gitignore"), ".gryt/\n");

        var init = _gryt.Ok("init");

        Assert.Contains("gryt: warning: git ignores .gryt/releases/ and no rule in .gryt/.gitignore can undo it", init.Err, StringComparison.Ordinal);
        Assert.True(Ignored(".gryt/releases/v1.0.0.md"));
    }
}
