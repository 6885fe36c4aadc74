using Gryt.Server.Keys;
using Gryt.Server.Tests.TestSupport;
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

    public static TheoryData<string> Stores => TestSupport.Stores.All();

    [Theory, MemberData(nameof(Stores)), Trait("Category", "Slow")]
    public async Task Revoking_twice_keeps_the_first_time_and_an_unknown_key_is_not_found(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var (_, key) = await ApiKeys.CreateAsync(server.Store, "shop", Role.Read, "carol", "2026-01-01T00:00:00.000Z", CancellationToken.None);
        Assert.True(await ApiKeys.RevokeAsync(server.Store, key.KeyId, "2026-01-02T00:00:00.000Z", CancellationToken.None));
        Assert.True(await ApiKeys.RevokeAsync(server.Store, key.KeyId, "2026-01-03T00:00:00.000Z", CancellationToken.None));
        Assert.Equal("2026-01-02T00:00:00.000Z", (await ApiKeys.ListAsync(server.Store, CancellationToken.None)).Single().RevokedAt);
        Assert.False(await ApiKeys.RevokeAsync(server.Store, "0123456789ab", "2026-01-03T00:00:00.000Z", CancellationToken.None));
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

    [Fact]
    public async Task An_address_in_use_is_an_environment_error_in_one_line()
    {
        using var folder = new TempDirectory();
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;
        var (code, _, error) = await Run("--database", folder.Combine("s.db"), "--urls", $"http://127.0.0.1:{port}");
        Assert.Equal(5, code);
        Assert.StartsWith("gryt-server: error: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public async Task A_database_that_cannot_be_opened_is_an_environment_error()
    {
        using var folder = new TempDirectory();
        var (code, _, error) = await Run("keys", "list", "--database", folder.Combine("missing", "folder", "s.db"));
        Assert.Equal(5, code);
        Assert.StartsWith("gryt-server: error: the database failed: ", error, StringComparison.Ordinal);
        (code, _, error) = await Run("keys", "list", "--database", "Host=127.0.0.1;Port=1;Username=x;Database=x;Timeout=2");
        Assert.Equal(5, code);
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
