using System.Text.Json.Serialization;

namespace Gryt.Sync.Wire;

/// <summary>Source-generated JSON of the sync wire (snake_case; no reflection, so the AOT-compiled
/// CLI and the server read and write the same shapes). Nulls are written (a content's fields are all present, so its hash is stable); the optional details of an error are left out when null.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    RespectRequiredConstructorParameters = true,
    RespectNullableAnnotations = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(WireRecord))]
[JsonSerializable(typeof(PushRecordsRequest))]
[JsonSerializable(typeof(PushRecordsResponse))]
[JsonSerializable(typeof(ArtifactWire))]
[JsonSerializable(typeof(EvolutionContent))]
[JsonSerializable(typeof(RunContent))]
[JsonSerializable(typeof(StepRunContent))]
[JsonSerializable(typeof(DataRowContent))]
[JsonSerializable(typeof(AuditEventContent))]
[JsonSerializable(typeof(ContractWire))]
[JsonSerializable(typeof(PutContractRequest))]
[JsonSerializable(typeof(PutContractResponse))]
[JsonSerializable(typeof(ContractPage))]
[JsonSerializable(typeof(FeedPage))]
[JsonSerializable(typeof(PromotionContent))]
[JsonSerializable(typeof(ApprovalContent))]
[JsonSerializable(typeof(RcRequest))]
[JsonSerializable(typeof(RcResponse))]
[JsonSerializable(typeof(ApprovalRequest))]
[JsonSerializable(typeof(ApprovalResponse))]
[JsonSerializable(typeof(PromotionRequest))]
[JsonSerializable(typeof(PromotionResponse))]
[JsonSerializable(typeof(HealthResponse))]
[JsonSerializable(typeof(WhoAmIResponse))]
[JsonSerializable(typeof(ServerAuditPage))]
[JsonSerializable(typeof(ServerAuditVerification))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(IReadOnlyList<ContractChangeWire>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string))]
internal sealed partial class SyncJsonContext : JsonSerializerContext;
