using System.Globalization;
using System.Text;

namespace Gryt.Steps.Reports;

/// <summary>
/// A Go coverage profile (<c>go test -coverprofile</c>): <c>coverage</c> = covered statements / all
/// statements × 100, the <c>total:</c> line of <c>go tool cover -func</c>. A block listed twice (one
/// profile over several packages) counts once, covered if either run covered it.
/// </summary>
internal static class GoCoverProfile
{
    public static bool Is(byte[] bytes) => bytes.AsSpan().StartsWith("mode: "u8);

    public static IReadOnlyList<(string Name, double Value)> Parse(byte[] bytes, string path)
    {
        var blocks = new Dictionary<string, (long Statements, bool Covered)>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var raw in Encoding.UTF8.GetString(bytes).Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || (lineNumber == 1 && line.StartsWith("mode: ", StringComparison.Ordinal)))
            {
                continue;
            }

            // file.go:12.34,15.2 3 1 — the file may contain spaces, so read from the end.
            var fields = line.Split(' ');
            if (fields.Length < 3
                || !long.TryParse(fields[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var statements)
                || !long.TryParse(fields[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                throw new InvalidFileException(path, lineNumber, 1, $"malformed Go coverage profile line '{(line.Length > 60 ? line[..60] + "…" : line)}'");
            }

            var block = string.Join(' ', fields[..^2]);
            blocks[block] = (statements, count > 0 || (blocks.TryGetValue(block, out var seen) && seen.Covered));
        }

        var total = blocks.Values.Sum(b => b.Statements);
        var covered = blocks.Values.Where(b => b.Covered).Sum(b => b.Statements);
        return total == 0 ? [] : [(ReportParser.Coverage, Math.Round(100.0 * covered / total, 4))];
    }
}
