using System.Text.Json;
using Gryt.Sync.Wire;

namespace Gryt.Server.Tests.TestSupport;

/// <summary>Contracts, records and requests as a client would send them.</summary>
internal static class Sample
{
    public static string Contract(string version, string title = "Login") =>
        $"version: {version}\nchanges:\n  - type: add\n    id: login\n    title: {title}\n";

    public static StringContent Put(int baseRevision, string yaml) =>
        Json.Body(JsonSerializer.Serialize(new PutContractRequest(baseRevision, yaml), SyncJsonContext.Default.PutContractRequest));

    public static WireRecord Run(string id, string status = "pass", string? evolutionId = null, string pipeline = "ci") =>
        WireRecord.Of(RecordKinds.Run, id, new RunContent(id, pipeline, status, evolutionId, "abc123", false, "2026-01-01T00:00:00.000Z", null, status == "pass" ? 0 : null, "box", null, "alice"),
            SyncJsonContext.Default.RunContent);

    public static WireRecord Step(string id, string runId, string status, string? tail = null) =>
        WireRecord.Of(RecordKinds.StepRun, id, new StepRunContent(id, runId, "build", status, status == "pass" ? 0 : null, status == "pending" ? 0 : 1,
            "2026-01-01T00:00:00.000Z", null, null, tail, "make"), SyncJsonContext.Default.StepRunContent);

    public static WireRecord Evolution(string id, string generation, int rc, string status = "running") =>
        WireRecord.Of(RecordKinds.Evolution, id, new EvolutionContent(id, generation, rc, $"{generation}-rc.{rc}", status, "ci", null, "abc123",
            "2026-01-01T00:00:00.000Z", null, "alice", null, ["login"]), SyncJsonContext.Default.EvolutionContent);

    public static StringContent Records(params WireRecord[] records) =>
        Json.Body(JsonSerializer.Serialize(new PushRecordsRequest(records), SyncJsonContext.Default.PushRecordsRequest));

    /// <summary>Records with artifacts beside them.</summary>
    public static StringContent Records(IReadOnlyList<WireRecord> records, IReadOnlyList<ArtifactWire> artifacts) =>
        Json.Body(JsonSerializer.Serialize(new PushRecordsRequest(records, artifacts), SyncJsonContext.Default.PushRecordsRequest));

    public static StringContent Promotion(int expectedRevision, string tag, int approvals = 0) =>
        Json.Body(JsonSerializer.Serialize(new PromotionRequest(expectedRevision, "abc123", tag, ["e1"], approvals), SyncJsonContext.Default.PromotionRequest));

    public static ErrorBody Error(string json) => JsonSerializer.Deserialize(json, SyncJsonContext.Default.ErrorBody)!;
}
