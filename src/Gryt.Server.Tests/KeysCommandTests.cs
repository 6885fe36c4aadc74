using Gryt.Tests.TestSupport;

namespace Gryt.Server.Tests;

/// <summary><c>gryt-server keys create|list|revoke</c>: the key shown once, only its hash stored, one-line errors with gryt's exit codes.</summary>
public sealed class KeysCommandTests
{
    [Fact]
    public async Task Create_prints_the_key_once_list_never_shows_it_and_revoke_marks_it()
    {
        using var folder = new TempDirectory();
        var db = folder.Combine("s.db");
        var (code, key, _) = await Run("keys", "create", "--database", db, "--project", "shop", "--role", "release", "--name", "ci-runner");
        Assert.Equal(0, code);
        Assert.Matches("^gryt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$", key.Trim());
        var keyId = key.Trim().Split('_', 3)[1];
        var secret = key.Trim().Split('_', 3)[2];

        var (listCode, list, _) = await Run("keys", "list", "--database", db);
        Assert.Equal(0, listCode);
        Assert.Contains(keyId, list, StringComparison.Ordinal);
        Assert.Contains("release", list, StringComparison.Ordinal);
        Assert.Contains("ci-runner", list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, list, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await File.ReadAllTextAsync(db), StringComparison.Ordinal);

        Assert.Equal(0, (await Run("keys", "revoke", keyId, "--database", db)).Code);
        (_, list, _) = await Run("keys", "list", "--database", db);
        Assert.DoesNotMatch($@"{keyId} .* -\s*$", list);
    }

    [Theory]
    [InlineData(2, "keys", "create", "--project", "shop", "--role", "owner", "--name", "x")]
    [InlineData(2, "keys", "create", "--project", "no spaces", "--role", "read", "--name", "x")]
    [InlineData(2, "keys", "create", "--role", "read", "--name", "x")]
    [InlineData(3, "keys", "revoke", "0123456789ab")]
    public async Task Bad_input_is_one_line_with_an_exit_code(int expected, params string[] args)
    {
        using var folder = new TempDirectory();
        var (code, _, error) = await Run([.. args, "--database", folder.Combine("s.db")]);
        Assert.Equal(expected, code);
        Assert.StartsWith("gryt-server: error: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    private static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await ServerCommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
