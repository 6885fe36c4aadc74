using System.Text.Json;

namespace Gryt.Steps.Reports;

/// <summary>
/// istanbul's <c>coverage-summary.json</c> (the <c>json-summary</c> reporter of c8, nyc, Jest and
/// vitest): <c>coverage</c> = <c>total.lines.covered / total.lines.total</c> × 100.
/// </summary>
internal static class IstanbulSummary
{
    public static IReadOnlyList<(string Name, double Value)> Parse(byte[] bytes, string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new InvalidFileException(path, (int)(e.LineNumber ?? 0) + 1, (int)(e.BytePositionInLine ?? 0) + 1, "malformed JSON coverage summary");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("total", out var total)
                || total.ValueKind != JsonValueKind.Object
                || !total.TryGetProperty("lines", out var lines)
                || lines.ValueKind != JsonValueKind.Object
                || !lines.TryGetProperty("total", out var found) || !found.TryGetDouble(out var foundCount)
                || !lines.TryGetProperty("covered", out var covered) || !covered.TryGetDouble(out var coveredCount))
            {
                throw new InvalidInputException($"report {path} is JSON but not an istanbul coverage summary (no total.lines.total and covered)");
            }

            // No instrumented lines: no coverage to report, as for LCOV.
            return foundCount <= 0 ? [] : [(ReportParser.Coverage, Math.Round(100.0 * coveredCount / foundCount, 4))];
        }
    }
}
