using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>The one JSON shape of gate results, in exports and in <c>--json</c> output.</summary>
internal static class GateJson
{
    /// <summary>Writes gate results as a JSON array of <c>{gate, passed, message}</c>.</summary>
    public static void Write(System.Text.Json.Utf8JsonWriter writer, IReadOnlyList<ExportGate> gates) =>
        System.Text.Json.JsonSerializer.Serialize(writer, gates, AuditJsonContext.Default.IReadOnlyListExportGate);
}
