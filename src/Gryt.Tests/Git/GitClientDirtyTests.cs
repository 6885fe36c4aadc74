using Gryt.Git;
using Gryt.Tests.Evolutions;

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
}
