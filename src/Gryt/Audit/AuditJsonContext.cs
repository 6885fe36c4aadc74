using System.Text.Json.Serialization;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>Source-generated serialization of the records gryt writes as JSON in more than one place
/// (snake_case names, in declaration order, nulls written).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ChainJson))]
[JsonSerializable(typeof(IReadOnlyList<ExportGate>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;
