using System.Net;
using System.Net.Http.Headers;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Server.Tests.TestSupport;
using Gryt.Sync.Wire;

namespace Gryt.Server.Tests;

/// <summary>Every refusal: the right status and code, nothing stored, and the server log names it without the key.</summary>
[Trait("Category", "Slow")]
public sealed class SecurityTests
{
    public static TheoryData<string> Stores => TestSupport.Stores.All();

    [PostgresFact]
    public void PostgreSQL_is_configured_for_these_tests() => Assert.NotNull(TestSupport.Stores.PostgresConnection);

    [Theory, MemberData(nameof(Stores))]
    public async Task A_request_without_a_key_is_refused_401_and_stores_nothing(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        await server.KeyAsync("shop", Role.Write, "alice");
        using var client = server.Client();
        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1")));
        await AssertRefused(response, HttpStatusCode.Unauthorized, ErrorCodes.NoKey);
        Assert.Equal(0, await server.CountAsync("records"));
        Assert.Contains(server.Logs.Lines, l => l.Contains("refused POST /api/v1/projects/shop/records: 401 no_key", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_wrong_key_is_refused_and_never_logged(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var key = await server.KeyAsync("shop", Role.Write, "alice");
        var wrong = key[..^4] + "AAAA";
        foreach (var presented in new[] { wrong, "not-a-key", "gryt_zzzzzzzzzzzz_secret" })
        {
            using var client = server.Client(presented);
            var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1")));
            await AssertRefused(response, HttpStatusCode.Unauthorized, ErrorCodes.BadKey);
        }

        Assert.Equal(0, await server.CountAsync("records"));
        Assert.Equal(3, server.Logs.Lines.Count(l => l.Contains("401 bad_key", StringComparison.Ordinal)));
        Assert.DoesNotContain(wrong.Split('_', 3)[2], server.Logs.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(key.Split('_', 3)[2], server.Logs.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_revoked_key_is_refused_401(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var key = await server.KeyAsync("shop", Role.Write, "alice");
        using var client = server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/whoami")).StatusCode);
        Assert.True(await ApiKeys.RevokeAsync(server.Store, key.Split('_')[1], "2026-01-02T00:00:00.000Z", CancellationToken.None));

        // The server keeps a key it has seen for KeyCache.Lifetime: the revocation holds from then on.
        var revoked = System.Diagnostics.Stopwatch.StartNew();
        while ((await client.GetAsync("api/v1/whoami")).StatusCode == HttpStatusCode.OK)
        {
            Assert.True(revoked.Elapsed < KeyCache.Lifetime + TimeSpan.FromSeconds(1), $"the revoked key still worked {revoked.Elapsed} later");
            await Task.Delay(100);
        }

        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1")));
        await AssertRefused(response, HttpStatusCode.Unauthorized, ErrorCodes.RevokedKey);
        Assert.Equal(0, await server.CountAsync("records"));
        Assert.DoesNotContain(key.Split('_', 3)[2], server.Logs.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_keys_row_is_read_once_per_cache_lifetime_not_on_every_request()
    {
        await using var server = await TestServer.StartAsync(TestSupport.Stores.Sqlite);
        var key = await server.KeyAsync("shop", Role.Write, "alice");
        using var client = server.Client(key);
        var cached = System.Diagnostics.Stopwatch.StartNew();
        Assert.Equal("write", (await Json.ReadAsync(await client.GetAsync("api/v1/whoami"))).GetProperty("role").GetString());
        await using (var connection = await server.Store.OpenAsync(CancellationToken.None))
        {
            await Sql.ExecuteAsync(connection, null, "UPDATE api_keys SET role = 'admin'", CancellationToken.None);
        }

        var role = (await Json.ReadAsync(await client.GetAsync("api/v1/whoami"))).GetProperty("role").GetString();
        if (cached.Elapsed < KeyCache.Lifetime) Assert.Equal("write", role); // the cached row, unless this machine stalled past its lifetime
        while ((await Json.ReadAsync(await client.GetAsync("api/v1/whoami"))).GetProperty("role").GetString() == "write")
        {
            Assert.True(cached.Elapsed < KeyCache.Lifetime + TimeSpan.FromSeconds(2), "the key's row was never read again");
            await Task.Delay(100);
        }

        Assert.True(cached.Elapsed >= KeyCache.Lifetime, $"the key's row was read again after {cached.Elapsed}");
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_key_of_another_project_sees_and_writes_nothing_there(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var shop = await server.KeyAsync("shop", Role.Admin, "alice");
        var other = await server.KeyAsync("other", Role.Admin, "mallory");
        using (var owner = server.Client(shop))
        {
            Assert.Equal(HttpStatusCode.OK, (await owner.PutAsync("api/v1/projects/shop/generations/v1.0.0", Sample.Put(0, Sample.Contract("v1.0.0")))).StatusCode);
        }

        using var client = server.Client(other);
        await AssertRefused(await client.GetAsync("api/v1/projects/shop/changes"), HttpStatusCode.Forbidden, ErrorCodes.WrongProject);
        await AssertRefused(await client.GetAsync("api/v1/projects/shop/generations/v1.0.0"), HttpStatusCode.Forbidden, ErrorCodes.WrongProject);
        await AssertRefused(await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1"))), HttpStatusCode.Forbidden, ErrorCodes.WrongProject);
        Assert.Equal(0, await server.CountAsync("records"));
        Assert.Equal(1, await server.CountAsync("feed", "shop"));
        // The refusal is in the refused key's own project's chain, not in the other project's.
        using var audit = server.Client(other);
        var events = await Json.ReadAsync(await audit.GetAsync("api/v1/projects/other/audit"));
        Assert.Equal(3, events.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("action").GetString() == "refused"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_read_key_cannot_write_and_its_refusal_is_audited(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var admin = await server.KeyAsync("shop", Role.Admin, "alice");
        var reader = await server.KeyAsync("shop", Role.Read, "bob");
        using var client = server.Client(reader);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("api/v1/projects/shop/changes")).StatusCode);
        await AssertRefused(await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1"))), HttpStatusCode.Forbidden, ErrorCodes.Role);
        await AssertRefused(await client.PutAsync("api/v1/projects/shop/generations/v1.0.0", Sample.Put(0, Sample.Contract("v1.0.0"))), HttpStatusCode.Forbidden, ErrorCodes.Role);
        Assert.Equal(0, await server.CountAsync("records"));
        Assert.Equal(0, await server.CountAsync("contracts"));
        using var auditor = server.Client(admin);
        var events = await Json.ReadAsync(await auditor.GetAsync("api/v1/projects/shop/audit"));
        var refused = events.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("action").GetString() == "refused").ToList();
        Assert.Equal(2, refused.Count);
        Assert.All(refused, e => Assert.Equal("bob", e.GetProperty("actor").GetString()));
        Assert.DoesNotContain(reader.Split('_', 3)[2], server.Logs.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_oversized_body_is_refused_413(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var key = await server.KeyAsync("shop", Role.Write, "alice");
        using var client = server.Client(key);
        // The server answers as soon as it sees Content-Length; without 100-continue the client would
        // still be sending when the connection closes.
        client.DefaultRequestHeaders.ExpectContinue = true;
        var big = new string('x', 9 * 1024 * 1024);
        var response = await client.PostAsync("api/v1/projects/shop/records", Json.Body($$"""{"records":[],"pad":"{{big}}"}"""));
        await AssertRefused(response, HttpStatusCode.RequestEntityTooLarge, ErrorCodes.TooLarge);
        Assert.Equal(0, await server.CountAsync("records"));
        Assert.Contains(server.Logs.Lines, l => l.Contains("413 too_large", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Malformed_json_is_a_400_with_a_message_not_a_stack_trace(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var key = await server.KeyAsync("shop", Role.Write, "alice");
        using var client = server.Client(key);
        foreach (var body in new[] { """{"records": [""", "null", """{"records":[{"kind":"run"}]}""", "not json" })
        {
            var response = await client.PostAsync("api/v1/projects/shop/records", Json.Body(body));
            var error = await AssertRefused(response, HttpStatusCode.BadRequest, ErrorCodes.BadJson);
            Assert.StartsWith("malformed JSON", error.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", error.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, await server.CountAsync("records"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_id_reused_with_other_content_is_refused_409_and_nothing_of_that_request_is_stored(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var key = await server.KeyAsync("shop", Role.Write, "alice");
        using var client = server.Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1", "pass")))).StatusCode);
        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r2"), Sample.Run("r1", "fail")));
        var error = await AssertRefused(response, HttpStatusCode.Conflict, ErrorCodes.HashMismatch);
        Assert.Equal("r1", error.Id);
        Assert.Equal(1, await server.CountAsync("records"));
        Assert.Equal(1, await server.CountAsync("feed"));

        // A hash that is not the content's is refused before anything is looked at.
        var forged = Sample.Run("r3") with { Sha256 = new string('0', 64) };
        error = await AssertRefused(await client.PostAsync("api/v1/projects/shop/records", Sample.Records(forged)), HttpStatusCode.BadRequest, ErrorCodes.Invalid);
        Assert.Equal("r3", error.Id);
        Assert.Equal(1, await server.CountAsync("records"));
    }

    internal static async Task<ErrorBody> AssertRefused(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal(new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }.MediaType, response.Content.Headers.ContentType?.MediaType);
        var error = Sample.Error(text);
        Assert.Equal(code, error.Code);
        Assert.False(string.IsNullOrWhiteSpace(error.Error));
        Assert.DoesNotContain('\n', error.Error);
        return error;
    }
}
