using Gryt.Git;
using Gryt.Tests.Evolutions;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Git;

public sealed class GitClientDirtyTests : IDisposable
{
    private readonly ReleaseRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void A_committed_tree_with_only_untracked_files_is_clean()
    {
        File.WriteAllText(Path.Combine(_repo.Root, "untracked.txt"), "x\n");

        Assert.False(new GitClient(_repo.Root).IsDirty());
    }

    [Fact]
    public void A_changed_tracked_file_makes_the_tree_dirty()
    {
        File.AppendAllText(Path.Combine(_repo.Root, "file.txt"), "uncommitted\n");

        Assert.True(new GitClient(_repo.Root).IsDirty());
    }

    [Fact]
    public void A_tree_git_cannot_read_counts_as_dirty_though_HEAD_still_resolves()
    {
        File.WriteAllText(Path.Combine(_repo.Root, ".git", "index"), "damaged\n");
        var git = new GitClient(_repo.Root);

        Assert.NotNull(git.HeadCommit());
        Assert.True(git.IsDirty());
    }

    [Fact]
    public void HeadState_answers_as_HeadCommit_and_IsDirty_do()
    {
        var git = new GitClient(_repo.Root);
        File.WriteAllText(Path.Combine(_repo.Root, "untracked.txt"), "x\n");
        Assert.Equal((git.HeadCommit(), false), git.HeadState());

        File.AppendAllText(Path.Combine(_repo.Root, "file.txt"), "uncommitted\n");
        Assert.Equal((git.HeadCommit(), true), git.HeadState());

        File.WriteAllText(Path.Combine(_repo.Root, ".git", "index"), "damaged\n");
        var (commit, dirty) = git.HeadState();
        Assert.Equal(git.HeadCommit(), commit);
        Assert.NotNull(commit);
        Assert.True(dirty);
    }

    [Fact]
    public void HeadState_without_a_commit_or_outside_a_repository_is_no_commit_and_clean()
    {
        using var folder = new TempDirectory();
        Assert.Equal(((string?)null, false), new GitClient(folder.Path).HeadState());

        using var unborn = new GitRepository(initialCommit: false);
        File.WriteAllText(Path.Combine(unborn.Root, "staged.txt"), "x\n");
        unborn.Git("add", "staged.txt");
        Assert.Equal(((string?)null, false), new GitClient(unborn.Root).HeadState());
    }
}
