using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Gryt.Steps.Reports;

/// <summary>
/// Test counts read from a test tool's own output, line by line, for tools that print them rather
/// than write a report: <c>go test -json</c> events and cargo's <c>test result:</c> lines.
/// </summary>
internal sealed partial class TestOutputCounts
{
    public int Total { get; private set; }

    public int Failed { get; private set; }

    public int Skipped { get; private set; }

    /// <summary>Whether any line counted: a run that printed no result has no metrics, not zeros.</summary>
    public bool Seen { get; private set; }

    public IReadOnlyList<(string Name, double Value)> Metrics => Seen
        ? [(ReportParser.TestsTotal, Total), (ReportParser.TestsFailed, Failed), (ReportParser.TestsSkipped, Skipped)]
        : [];

    /// <summary>
    /// One line of <c>go test -json</c>: a pass, fail or skip event of a test (subtests included)
    /// counts. Returns the text the test printed (the event's <c>Output</c>), the line itself when it
    /// is not a JSON event (a build error), or null for an event without output.
    /// </summary>
    public string? AddGoEvent(string line)
    {
        if (!line.StartsWith('{'))
        {
            return line;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return line;
            }

            if (root.TryGetProperty("Test", out var test) && test.ValueKind == JsonValueKind.String
                && root.TryGetProperty("Action", out var action))
            {
                switch (action.GetString())
                {
                    case "pass":
                        Count(0, 0);
                        break;
                    case "fail":
                        Count(1, 0);
                        break;
                    case "skip":
                        Count(0, 1);
                        break;
                    default:
                        break;
                }
            }

            return root.TryGetProperty("Output", out var output) && output.ValueKind == JsonValueKind.String
                ? output.GetString()!.TrimEnd('\n')
                : null;
        }
        catch (JsonException)
        {
            return line;
        }
    }

    /// <summary>
    /// One line of <c>cargo test</c> output: each test binary (unit, integration, doc tests) ends with
    /// <c>test result: ok. 3 passed; 1 failed; 2 ignored; …</c>, and the lines are summed.
    /// </summary>
    public void AddCargoLine(string line)
    {
        var match = CargoResult().Match(line);
        if (!match.Success)
        {
            return;
        }

        int Number(string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);
        var passed = Number("passed");
        var failed = Number("failed");
        var ignored = Number("ignored");
        Total += passed + failed + ignored;
        Failed += failed;
        Skipped += ignored;
        Seen = true;
    }

    private void Count(int failed, int skipped)
    {
        Total++;
        Failed += failed;
        Skipped += skipped;
        Seen = true;
    }

    [GeneratedRegex(@"^test result: \w+\. (?<passed>\d+) passed; (?<failed>\d+) failed; (?<ignored>\d+) ignored;", RegexOptions.CultureInvariant)]
    private static partial Regex CargoResult();
}
