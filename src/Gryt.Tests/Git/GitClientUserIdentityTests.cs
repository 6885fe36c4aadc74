using Gryt.Git;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Git;

/// <summary>The actor recorded in the audit trail: git's user name and email, read with one git process.</summary>
public sealed class GitClientUserIdentityTests : IDisposable
{
    private readonly GitRepository _repo = new(initialCommit: false);

    public void Dispose() => _repo.Dispose();

    [Fact]
    public void The_identity_is_name_and_email_and_the_last_value_of_a_key_wins_as_with_git_config_get()
    {
        Assert.Equal("Test User <test@example.invalid>", new GitClient(_repo.Root).UserIdentity());

        _repo.Git("config", "--add", "user.name", "Ada  Lovelace");
        _repo.Git("config", "user.useConfigOnly", "true"); // another user.* key, not part of the identity

        Assert.Equal("Ada  Lovelace", _repo.Git("config", "--get", "user.name").Trim());
        Assert.Equal("Ada  Lovelace <test@example.invalid>", new GitClient(_repo.Root).UserIdentity());
    }
}
