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
    // Go results by package and test name; a test with subtests is counted through its subtests only,
    // so one failing subtest is one failed test, not two.
    private readonly Dictionary<(string Package, string Test), string> _goResults = new();
    private int _total, _failed, _skipped;
    private bool _seen;

    /// <summary>The counts; none (rather than zeros) when no result was printed.</summary>
    public IReadOnlyList<(string Name, double Value)> Metrics
    {
        get
        {
            var total = _total;
            var failed = _failed;
            var skipped = _skipped;
            // Every test that has a subtest with a result, found in one pass rather than a scan per test.
            var parents = new HashSet<(string Package, string Test)>();
            foreach (var (package, test) in _goResults.Keys)
            {
                for (var slash = test.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = test.IndexOf('/', slash + 1))
                {
                    parents.Add((package, test[..slash]));
                }
            }

            foreach (var (key, action) in _goResults)
            {
                if (parents.Contains(key))
                {
                    continue;
                }

                total++;
                failed += action == "fail" ? 1 : 0;
                skipped += action == "skip" ? 1 : 0;
            }

            return _seen || _goResults.Count > 0
                ? [(ReportParser.TestsTotal, total), (ReportParser.TestsFailed, failed), (ReportParser.TestsSkipped, skipped)]
                : [];
        }
    }

    public void Record(StepContext context)
    {
        foreach (var (name, value) in Metrics)
        {
            context.RecordMetric(name, value);
        }
    }

    /// <summary>
    /// One line of <c>go test -json</c>: a pass, fail or skip event of a test counts (a test with
    /// subtests through its subtests). Returns the text the test printed (the event's <c>Output</c>), the line itself when it
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
                && root.TryGetProperty("Action", out var action) && action.GetString() is "pass" or "fail" or "skip"
                && root.TryGetProperty("Package", out var package) && package.ValueKind == JsonValueKind.String)
            {
                _goResults[(package.GetString()!, test.GetString()!)] = action.GetString()!;
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
        _total += passed + failed + ignored;
        _failed += failed;
        _skipped += ignored;
        _seen = true;
    }

    [GeneratedRegex(@"^test result: \w+\. (?<passed>\d+) passed; (?<failed>\d+) failed; (?<ignored>\d+) ignored;", RegexOptions.CultureInvariant)]
    private static partial Regex CargoResult();
}
