using System.Text.Json;
using Gryt.Audit;
using Gryt.Promotion;
using Gryt.Storage;

namespace Gryt.Cli.Rendering;

/// <summary>Gate results as every command shows them: a GATE/RESULT/MESSAGE table, or a JSON array.</summary>
internal static class GateOutput
{
    public static void Table(Output output, IEnumerable<GateOutcome> gates, bool compact = false)
    {
        var table = new TableView("GATE", "RESULT", "MESSAGE")
        {
            Style = (column, cell) => column == 1 ? Output.StatusStyle(cell) : null,
            ShowHeader = !compact,
            Indent = compact ? 2 : 0,
        };
        foreach (var gate in gates) table.Add(gate.Gate, gate.Result.Passed ? "pass" : "fail", gate.Result.Message);
        output.Table(table);
    }

    public static void Json(Utf8JsonWriter writer, IEnumerable<GateOutcome> gates)
    {
        writer.WritePropertyName("gates");
        GateJson.Write(writer, [.. gates.Select(g => new ExportGate(g.Gate, g.Result.Passed, g.Result.Message))]);
    }
}
