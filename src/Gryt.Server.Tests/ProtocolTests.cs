using System.Net;
using System.Text.Json;
using Gryt.Server.Keys;
using Gryt.Server.Storage;
using Gryt.Server.Tests.TestSupport;
using Gryt.Sync.Wire;

namespace Gryt.Server.Tests;

/// <summary>The sync protocol of docs/sync.md against a real server, on each store.</summary>
[Trait("Category", "Slow")]
public sealed class ProtocolTests
{
    public static TheoryData<string> Stores => TestSupport.Stores.All();

    [Theory, MemberData(nameof(Stores))]
    public async Task Pushing_the_same_records_twice_is_harmless(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        var first = await Push(client, Sample.Run("r1"), Sample.Run("r2"));
        Assert.Equal(["created", "created"], first.Results.Select(r => r.Status));
        var second = await Push(client, Sample.Run("r1"), Sample.Run("r2"));
        Assert.Equal(["exists", "exists"], second.Results.Select(r => r.Status));
        Assert.Equal(2, await server.CountAsync("records"));
        Assert.Equal(2, await server.CountAsync("feed"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_running_record_moves_on_once_and_a_finished_one_never_changes(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        Assert.Equal("created", (await Push(client, Sample.Run("r1", "running"))).Results[0].Status);
        Assert.Equal("updated", (await Push(client, Sample.Run("r1", "pass"))).Results[0].Status);
        var refused = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r1", "fail")));
        await SecurityTests.AssertRefused(refused, HttpStatusCode.Conflict, ErrorCodes.HashMismatch);

        // An identifying field may not change with the status.
        Assert.Equal("created", (await Push(client, Sample.Run("r2", "running"))).Results[0].Status);
        refused = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Run("r2", "pass", evolutionId: "e9")));
        await SecurityTests.AssertRefused(refused, HttpStatusCode.Conflict, ErrorCodes.HashMismatch);

        var feed = await Feed(client, 0, 100);
        Assert.Equal(["r1", "r1", "r2"], feed.Items.Select(i => i.Id));
        Assert.Equal("pass", feed.Items[1].Content.GetProperty("status").GetString());
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_running_step_takes_new_content_while_it_runs_then_ends_and_never_runs_again(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        Assert.Equal(["created", "created"], (await Push(client, Sample.Step("s1", "r1", "running", "line 1"), Sample.Step("s2", "r1", "pending"))).Results.Select(r => r.Status));

        // Live progress: the same running step with a longer tail, twice; the pending one is skipped (final).
        Assert.Equal("updated", (await Push(client, Sample.Step("s1", "r1", "running", "line 1\nline 2"))).Results[0].Status);
        Assert.Equal("updated", (await Push(client, Sample.Step("s1", "r1", "running", "line 1\nline 2\nline 3"))).Results[0].Status);
        Assert.Equal("exists", (await Push(client, Sample.Step("s1", "r1", "running", "line 1\nline 2\nline 3"))).Results[0].Status);
        Assert.Equal("updated", (await Push(client, Sample.Step("s1", "r1", "pass", "line 1\nline 2\nline 3"))).Results[0].Status);
        Assert.Equal("updated", (await Push(client, Sample.Step("s2", "r1", "skipped"))).Results[0].Status);

        // Finished: never running again, nor another tail.
        var refused = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Step("s1", "r1", "running", "line 1\nline 2\nline 3\nline 4")));
        await SecurityTests.AssertRefused(refused, HttpStatusCode.Conflict, ErrorCodes.HashMismatch);
        refused = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Step("s2", "r1", "running")));
        await SecurityTests.AssertRefused(refused, HttpStatusCode.Conflict, ErrorCodes.HashMismatch);

        // A running step stays the same step: its run and name do not change with its tail.
        Assert.Equal("created", (await Push(client, Sample.Step("s3", "r1", "running", "a"))).Results[0].Status);
        refused = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Step("s3", "r2", "running", "a\nb")));
        await SecurityTests.AssertRefused(refused, HttpStatusCode.Conflict, ErrorCodes.HashMismatch);

        var feed = await Feed(client, 0, 100);
        Assert.Equal("line 1\nline 2\nline 3", feed.Items.Last(i => i.Id == "s1").Content.GetProperty("output_tail").GetString());
        Assert.Equal("pass", feed.Items.Last(i => i.Id == "s1").Content.GetProperty("status").GetString());
    }

    private const string Digest = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

    private static ArtifactWire Artifact(string id, string runId, string path = "dist/app.tgz", string? sha256 = Digest, long? size = 5) =>
        new(id, runId, "build", path, size, sha256, "artifacts", "2026-01-01T00:01:00.000Z");

    private static async Task<PushRecordsResponse> Push(HttpClient client, IReadOnlyList<WireRecord> records, IReadOnlyList<ArtifactWire> artifacts)
    {
        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(records, artifacts));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize(text, SyncJsonContext.Default.PushRecordsResponse)!;
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Artifacts_are_kept_beside_their_run_once_and_never_change(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));

        var first = await Push(client, [Sample.Run("r1")], [Artifact("d1", "r1"), Artifact("d2", "r1", "dist/notes.txt", sha256: null, size: null)]);
        Assert.Equal(2, first.Artifacts);
        Assert.Equal(["created"], first.Results.Select(r => r.Status));
        // Already there, with the run as the request's record: harmless, nothing new in the feed or the server's audit chain.
        var audit = await server.CountAsync("server_audit");
        var again = await Push(client, [Sample.Run("r1")], [Artifact("d1", "r1")]);
        Assert.Equal(1, again.Artifacts);
        Assert.Equal(["exists"], again.Results.Select(r => r.Status));
        Assert.Equal(2, await server.CountAsync("artifacts", "shop"));
        Assert.Equal(1, await server.CountAsync("feed"));
        Assert.Equal(audit, await server.CountAsync("server_audit"));

        // Another digest under a stored id: refused naming it, and nothing of that request is kept.
        var refused = await client.PostAsync("api/v1/projects/shop/records", Sample.Records([Sample.Run("r2")], [Artifact("d3", "r2"), Artifact("d1", "r1", sha256: new string('0', 64))]));
        Assert.Equal("d1", (await SecurityTests.AssertRefused(refused, HttpStatusCode.Conflict, ErrorCodes.HashMismatch)).Id);
        // An artifact whose run the server does not have: 404, nothing kept.
        var orphan = await client.PostAsync("api/v1/projects/shop/records", Sample.Records([Sample.Run("r3")], [Artifact("d4", "r9")]));
        await SecurityTests.AssertRefused(orphan, HttpStatusCode.NotFound, ErrorCodes.NotFound);
        // A digest that is not one: 400, before anything is written.
        var malformed = await client.PostAsync("api/v1/projects/shop/records", Sample.Records([Sample.Run("r4")], [Artifact("d5", "r4", sha256: "ABC")]));
        Assert.Contains("sha256 must be 64 lower-case hex digits", (await SecurityTests.AssertRefused(malformed, HttpStatusCode.BadRequest, ErrorCodes.Invalid)).Error, StringComparison.Ordinal);

        Assert.Equal(2, await server.CountAsync("artifacts", "shop"));
        Assert.Equal(1, await server.CountAsync("records"));
        var stored = await DashboardStore.ArtifactsAsync(server.Store, "shop", "r1", CancellationToken.None);
        Assert.Equal([new ArtifactRow("dist/app.tgz", "build", 5, Digest, "2026-01-01T00:01:00.000Z"), new ArtifactRow("dist/notes.txt", "build", null, null, "2026-01-01T00:01:00.000Z")], stored);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_push_of_a_client_that_predates_artifacts_is_answered_as_before(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        var run = Sample.Run("r1");
        // Exactly what such a client sends: no "artifacts" member at all.
        var body = $$"""{"records":[{"kind":"run","id":"r1","sha256":"{{run.Sha256}}","content":{{run.Content.GetRawText()}}}]}""";

        var response = await client.PostAsync("api/v1/projects/shop/records", Json.Body(body));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var answer = JsonDocument.Parse(text);
        Assert.Equal("created", answer.RootElement.GetProperty("results")[0].GetProperty("status").GetString());
        Assert.Equal(0, await server.CountAsync("artifacts"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task A_stale_revision_is_refused_409_naming_both_revisions(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var alice = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        using var bob = server.Client(await server.KeyAsync("shop", Role.Write, "bob"));
        const string Path = "api/v1/projects/shop/generations/v1.0.0";
        Assert.Equal(1, (await Put(alice, Path, 0, Sample.Contract("v1.0.0"))).Revision);
        Assert.Equal(1, (await Put(alice, Path, 0, Sample.Contract("v1.0.0"))).Revision); // the same text again: harmless
        Assert.Equal(2, (await Put(alice, Path, 1, Sample.Contract("v1.0.0", "Login v2"))).Revision);

        var response = await bob.PutAsync(Path, Sample.Put(1, Sample.Contract("v1.0.0", "Login by bob")));
        var error = await SecurityTests.AssertRefused(response, HttpStatusCode.Conflict, ErrorCodes.StaleRevision);
        Assert.Equal(1, error.BaseRevision);
        Assert.Equal(2, error.ServerRevision);
        Assert.Matches("^[0-9a-f]{64}$", error.ServerSha256!);
        await SecurityTests.AssertRefused(await bob.PutAsync(Path, Sample.Put(0, Sample.Contract("v1.0.0", "again"))), HttpStatusCode.Conflict, ErrorCodes.StaleRevision);

        var contract = JsonSerializer.Deserialize(await (await bob.GetAsync(Path)).Content.ReadAsStringAsync(), SyncJsonContext.Default.ContractWire)!;
        Assert.Equal(2, contract.Revision);
        Assert.Equal("alice", contract.UpdatedBy);
        Assert.Equal("Login v2", contract.Changes[0].Title);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task An_invalid_contract_is_refused_with_the_parsers_line_and_column(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        var response = await client.PutAsync("api/v1/projects/shop/generations/v1.0.0", Sample.Put(0, "version: v1.0.0\nchanges:\n  - type: nonsense\n    id: x\n    title: X\n"));
        var error = await SecurityTests.AssertRefused(response, HttpStatusCode.BadRequest, ErrorCodes.Invalid);
        Assert.Matches(@"^v1\.0\.0\.yaml:3:\d+: ", error.Error);
        response = await client.PutAsync("api/v1/projects/shop/generations/v2.0.0", Sample.Put(0, Sample.Contract("v1.0.0")));
        await SecurityTests.AssertRefused(response, HttpStatusCode.BadRequest, ErrorCodes.Invalid);
        Assert.Equal(0, await server.CountAsync("contracts"));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task The_feed_is_in_commit_order_and_pages_by_cursor(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        await Put(client, "api/v1/projects/shop/generations/v1.0.0", 0, Sample.Contract("v1.0.0"));
        await Push(client, Sample.Run("r1"), Sample.Run("r2"), Sample.Run("r3"));
        await Push(client, Sample.Run("r4"));

        var seen = new List<(long, string)>();
        long since = 0;
        while (true)
        {
            var page = await Feed(client, since, 2);
            seen.AddRange(page.Items.Select(i => (i.Seq, i.Id)));
            since = page.NextSince;
            if (!page.More) break;
        }

        Assert.Equal([(1L, "v1.0.0"), (2L, "r1"), (3L, "r2"), (4L, "r3"), (5L, "r4")], seen);
        var empty = await Feed(client, since, 2);
        Assert.Empty(empty.Items);
        Assert.Equal(5, empty.NextSince);
        await SecurityTests.AssertRefused(await client.GetAsync("api/v1/projects/shop/changes?limit=5000"), HttpStatusCode.BadRequest, ErrorCodes.Invalid);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task RC_numbers_are_allocated_once_per_evolution_and_a_taken_one_is_refused(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client(await server.KeyAsync("shop", Role.Write, "alice"));
        await Put(client, "api/v1/projects/shop/generations/v1.0.0", 0, Sample.Contract("v1.0.0"));
        Assert.Equal(new RcResponse(1, "v1.0.0-rc.1"), await Rc(client, "e1"));
        Assert.Equal(new RcResponse(1, "v1.0.0-rc.1"), await Rc(client, "e1"));
        Assert.Equal(new RcResponse(2, "v1.0.0-rc.2"), await Rc(client, "e2"));

        Assert.Equal("created", (await Push(client, Sample.Evolution("e1", "v1.0.0", 1))).Results[0].Status);
        Assert.Equal("created", (await Push(client, Sample.Evolution("e3", "v1.0.0", 3))).Results[0].Status); // offline: allocated by the push
        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Evolution("e4", "v1.0.0", 1)));
        var error = await SecurityTests.AssertRefused(response, HttpStatusCode.Conflict, ErrorCodes.RcTaken);
        Assert.Equal("e1", error.EvolutionId);
        Assert.Equal(new RcResponse(4, "v1.0.0-rc.4"), await Rc(client, "e5"));

        response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(Sample.Evolution("e6", "v9.0.0", 1)));
        await SecurityTests.AssertRefused(response, HttpStatusCode.NotFound, ErrorCodes.NotFound);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Two_concurrent_promotions_get_exactly_one_yes(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var alice = server.Client(await server.KeyAsync("shop", Role.Release, "alice"));
        using var bob = server.Client(await server.KeyAsync("shop", Role.Release, "bob"));
        await Put(alice, "api/v1/projects/shop/generations/v1.0.0", 0, Sample.Contract("v1.0.0"));
        const string Path = "api/v1/projects/shop/generations/v1.0.0/promotion";

        var answers = await Task.WhenAll(
            alice.PostAsync(Path, Sample.Promotion(1, "v1.0.0")),
            bob.PostAsync(Path, Sample.Promotion(1, "v1.0.0")));
        Assert.Single(answers, a => a.StatusCode == HttpStatusCode.OK);
        var loser = Assert.Single(answers, a => a.StatusCode != HttpStatusCode.OK);
        var error = await SecurityTests.AssertRefused(loser, HttpStatusCode.Conflict, ErrorCodes.AlreadyPromoted);
        Assert.Equal("abc123", error.CommitSha);
        Assert.Equal(1, await server.CountAsync("promotions"));

        // A promoted contract is frozen.
        await SecurityTests.AssertRefused(await alice.PutAsync("api/v1/projects/shop/generations/v1.0.0", Sample.Put(1, Sample.Contract("v1.0.0", "late"))),
            HttpStatusCode.Conflict, ErrorCodes.AlreadyPromoted);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Promotion_needs_approvals_by_other_keys_of_the_current_revision(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var alice = server.Client(await server.KeyAsync("shop", Role.Release, "alice"));
        using var bob = server.Client(await server.KeyAsync("shop", Role.Release, "bob"));
        using var writer = server.Client(await server.KeyAsync("shop", Role.Write, "carol"));
        await Put(alice, "api/v1/projects/shop/generations/v1.0.0", 0, Sample.Contract("v1.0.0"));
        const string Promote = "api/v1/projects/shop/generations/v1.0.0/promotion";
        const string Approve = "api/v1/projects/shop/generations/v1.0.0/approvals";

        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync(Approve, Json.Body("""{"revision":1}"""))).StatusCode); // one's own approval does not count
        var error = await SecurityTests.AssertRefused(await alice.PostAsync(Promote, Sample.Promotion(1, "v1.0.0", approvals: 1)), HttpStatusCode.Conflict, ErrorCodes.ApprovalsMissing);
        Assert.Equal(1, error.Required);
        Assert.Empty(error.ApprovedBy!);
        await SecurityTests.AssertRefused(await writer.PostAsync(Approve, Json.Body("""{"revision":1}""")), HttpStatusCode.Forbidden, ErrorCodes.Role);
        await SecurityTests.AssertRefused(await bob.PostAsync(Approve, Json.Body("""{"revision":7}""")), HttpStatusCode.Conflict, ErrorCodes.StaleRevision);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsync(Approve, Json.Body("""{"revision":1}"""))).StatusCode);
        await SecurityTests.AssertRefused(await alice.PostAsync(Promote, Sample.Promotion(2, "v1.0.0", approvals: 1)), HttpStatusCode.Conflict, ErrorCodes.StaleRevision);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync(Promote, Sample.Promotion(1, "v1.0.0", approvals: 1))).StatusCode);

        var kinds = (await Feed(alice, 0, 100)).Items.Select(i => i.Kind).ToList();
        Assert.Equal([FeedKinds.Generation, FeedKinds.Approval, FeedKinds.Approval, FeedKinds.Promotion], kinds);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task The_server_audit_chain_records_accepted_writes_and_verifies(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        var admin = await server.KeyAsync("shop", Role.Admin, "alice");
        using var client = server.Client(admin);
        await Put(client, "api/v1/projects/shop/generations/v1.0.0", 0, Sample.Contract("v1.0.0"));
        await Push(client, Sample.Run("r1"));
        await Rc(client, "e1");
        var audit = JsonSerializer.Deserialize(await client.GetStringAsync("api/v1/projects/shop/audit"), SyncJsonContext.Default.ServerAuditPage)!;
        Assert.Equal(["contract.create", "records.push", "rc.allocate"], audit.Items.Select(e => e.Action));
        Assert.All(audit.Items, e => Assert.Equal("alice", e.Actor));
        var verified = JsonSerializer.Deserialize(await client.GetStringAsync("api/v1/projects/shop/audit/verify"), SyncJsonContext.Default.ServerAuditVerification)!;
        Assert.True(verified.Verified);
        Assert.Equal(3, verified.EventsChecked);

        await using (var connection = await server.Store.OpenAsync(CancellationToken.None))
        {
            await Gryt.Server.Storage.Sql.ExecuteAsync(connection, null, "UPDATE server_audit SET actor = 'mallory' WHERE seq = 2", CancellationToken.None);
        }

        verified = JsonSerializer.Deserialize(await client.GetStringAsync("api/v1/projects/shop/audit/verify"), SyncJsonContext.Default.ServerAuditVerification)!;
        Assert.False(verified.Verified);
        Assert.Contains("#2", verified.FirstBreak, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Health_and_the_OpenAPI_document_need_no_key(string store)
    {
        await using var server = await TestServer.StartAsync(store);
        using var client = server.Client();
        var health = JsonSerializer.Deserialize(await client.GetStringAsync("health"), SyncJsonContext.Default.HealthResponse)!;
        Assert.Equal(new HealthResponse("ok", GrytVersion.Current, store), health);
        using var openapi = JsonDocument.Parse(await client.GetStringAsync("openapi/v1.json"));
        Assert.True(openapi.RootElement.GetProperty("paths").TryGetProperty("/api/v1/projects/{project}/generations/{version}/promotion", out _));
    }

    private static async Task<PushRecordsResponse> Push(HttpClient client, params WireRecord[] records)
    {
        var response = await client.PostAsync("api/v1/projects/shop/records", Sample.Records(records));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize(text, SyncJsonContext.Default.PushRecordsResponse)!;
    }

    private static async Task<PutContractResponse> Put(HttpClient client, string path, int baseRevision, string yaml)
    {
        var response = await client.PutAsync(path, Sample.Put(baseRevision, yaml));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize(text, SyncJsonContext.Default.PutContractResponse)!;
    }

    private static async Task<RcResponse> Rc(HttpClient client, string evolutionId)
    {
        var response = await client.PostAsync("api/v1/projects/shop/generations/v1.0.0/rc",
            Json.Body(JsonSerializer.Serialize(new RcRequest(evolutionId), SyncJsonContext.Default.RcRequest)));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonSerializer.Deserialize(text, SyncJsonContext.Default.RcResponse)!;
    }

    private static async Task<FeedPage> Feed(HttpClient client, long since, int limit) =>
        JsonSerializer.Deserialize(await client.GetStringAsync($"api/v1/projects/shop/changes?since={since}&limit={limit}"), SyncJsonContext.Default.FeedPage)!;
}
