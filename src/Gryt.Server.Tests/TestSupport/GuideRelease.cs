using System.Net;
using System.Text.Json;
using Gryt.Sync.Wire;

namespace Gryt.Server.Tests.TestSupport;

/// <summary>
/// The guide's feature release v2.1.0 (FEAT-101 "Stripe Connect support", BUG-42 "Timeout on large
/// transactions", pipeline "release") as a clone pushes it through the real wire: the contract,
/// then rc.1 proving FEAT-101 and rc.2 proving BUG-42 (or failing it), with their runs, steps,
/// a coverage metric, an artifact and the clone's audit events.
/// </summary>
internal static class GuideRelease
{
    public const string Version = "v2.1.0";
    public const string Commit1 = "1f0c3a9be2d4c6f8a0b1c2d3e4f5a6b7c8d9e0f1";
    public const string Commit2 = "2a7d4e1f9b3c5d7e9f1a2b3c4d5e6f7a8b9c0d1e";

    public static string Contract(string featTitle = "Stripe Connect support") =>
        "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: " + JsonSerializer.Serialize(featTitle) +
        "\n  - type: fix\n    id: BUG-42\n    title: \"Timeout on large transactions\"\npipeline_template: release\n";

    /// <summary>Pushes the contract and both evolutions; <paramref name="bugStatus"/> is rc.2's (and its run's) status.</summary>
    public static async Task PushAsync(HttpClient client, string project = "shop", string bugStatus = "pass", string featTitle = "Stripe Connect support", string tail = "12 passed, 0 failed")
    {
        var put = await client.PutAsync($"api/v1/projects/{project}/generations/{Version}", Sample.Put(0, Contract(featTitle)));
        Assert.True(put.IsSuccessStatusCode, await put.Content.ReadAsStringAsync());
        // The artifact beside its run, in the same request, as gryt sync push sends it.
        var response = await client.PostAsync($"api/v1/projects/{project}/records", Sample.Records([
            Evolution("e1", 1, "FEAT-101", "pass", "r1", Commit1),
            Evolution("e2", 2, "BUG-42", bugStatus, "r2", Commit2),
            Run("r1", "e1", "pass", Commit1, "ci-runner-1"),
            Run("r2", "e2", bugStatus, Commit2, "ci-runner-1"),
            Step("s1", "r1", "test", "pass", 1234, tail),
            Step("s2", "r1", "build", "pass", 65_000, "built"),
            Step("s3", "r2", "test", bugStatus, 2500, bugStatus == "pass" ? "3 passed" : "1 failed: BUG-42 timeout"),
            Metric("d1", "e1", "r1", "coverage", 87.5),
            Audit("a1", "2026-01-15T10:30:00.000Z", "evolution_pass", "v2.1.0-rc.1", AuditLogGenesis, "h1")],
            [Artifact("d2", "r1", "dist/shop-2.1.0.tgz")]));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public const string ArtifactSha256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private const string AuditLogGenesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static async Task PushRecordsAsync(HttpClient client, string project, params WireRecord[] records)
    {
        var response = await client.PostAsync($"api/v1/projects/{project}/records", Sample.Records(records));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    public static WireRecord Evolution(string id, int rc, string change, string status, string? runId, string commit) =>
        WireRecord.Of(RecordKinds.Evolution, id, new EvolutionContent(id, Version, rc, $"{Version}-rc.{rc}", status, "release", runId, commit,
            $"2026-01-15T1{rc}:00:00.000Z", status is "pass" or "fail" ? $"2026-01-15T1{rc}:30:00.000Z" : null, "alice", null, [change]), SyncJsonContext.Default.EvolutionContent);

    public static WireRecord Run(string id, string evolutionId, string status, string commit, string host, bool dirty = false) =>
        WireRecord.Of(RecordKinds.Run, id, new RunContent(id, "release", status, evolutionId, commit, dirty, "2026-01-15T10:00:00.000Z",
            status is "pass" or "fail" ? "2026-01-15T10:05:00.000Z" : null, status == "pass" ? 0 : status == "fail" ? 1 : null, host, "https://ci.example/job/7", "ci"),
            SyncJsonContext.Default.RunContent);

    public static WireRecord Step(string id, string runId, string name, string status, long? ms, string? tail) =>
        WireRecord.Of(RecordKinds.StepRun, id, new StepRunContent(id, runId, name, status, status == "pass" ? 0 : status == "fail" ? 1 : null, 1,
            "2026-01-15T10:0" + id[^1] + ":00.000Z", status is "pass" or "fail" ? "2026-01-15T10:04:00.000Z" : null, ms, tail, "make " + name),
            SyncJsonContext.Default.StepRunContent);

    public static WireRecord Metric(string id, string evolutionId, string runId, string name, double value) =>
        WireRecord.Of(RecordKinds.DataRow, id, new DataRowContent(id, Version, evolutionId, runId, "test", name, value, null, "coverage.xml", "2026-01-15T10:04:00.000Z"),
            SyncJsonContext.Default.DataRowContent);

    public static ArtifactWire Artifact(string id, string runId, string path) =>
        new(id, runId, "build", path, 48_213, ArtifactSha256, "artifacts", "2026-01-15T10:04:30.000Z");

    public static WireRecord Audit(string id, string at, string type, string resource, string prev, string hash) =>
        WireRecord.Of(RecordKinds.AuditEvent, id, new AuditEventContent(id, at, type, "evolution", resource, "pass", "alice", "{}", prev, hash),
            SyncJsonContext.Default.AuditEventContent);
}
