using System.Globalization;
using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>
/// Reports a built-in step finds after its run (one TRX per .NET test project, a coverage file
/// in a folder named by a GUID): their metrics are combined and recorded once for the step, and
/// the files are recorded as artifacts.
/// </summary>
internal static class StepReports
{
    public static void Record(StepContext context, IEnumerable<string> paths)
    {
        var files = paths.ToList();
        foreach (var (name, value) in Combine(files, context.Log))
        {
            context.RecordMetric(name, value);
        }

        foreach (var file in files.Where(File.Exists))
        {
            context.RecordArtifact(file);
            context.NoteTestReport(file);
        }
    }

    /// <summary>Sums the test counts; coverage is weighted by lines when the reports say how many
    /// (Cobertura's lines-valid), else averaged. A report that cannot be read is logged and skipped.</summary>
    public static IReadOnlyList<(string Name, double Value)> Combine(IReadOnlyList<string> paths, Action<string> log)
    {
        var tests = new Dictionary<string, double>(StringComparer.Ordinal);
        double covered = 0, valid = 0;
        var rates = new List<double>();
        var weighted = true;
        foreach (var path in paths)
        {
            if (!File.Exists(path))
            {
                log($"gryt: report {path} was not written");
                continue;
            }

            IReadOnlyList<(string Name, double Value)> metrics;
            try
            {
                metrics = ReportParser.Parse(path);
            }
            catch (InvalidInputException e)
            {
                log($"gryt: {e.Message}");
                continue;
            }

            foreach (var (name, value) in metrics)
            {
                if (name == ReportParser.Coverage)
                {
                    rates.Add(value);
                    if (CoberturaLines(path) is { Valid: > 0 } lines)
                    {
                        covered += lines.Covered;
                        valid += lines.Valid;
                    }
                    else
                    {
                        weighted = false;
                    }
                }
                else
                {
                    tests[name] = tests.GetValueOrDefault(name) + value;
                }
            }
        }

        var result = new List<(string Name, double Value)>();
        foreach (var name in new[] { ReportParser.TestsTotal, ReportParser.TestsFailed, ReportParser.TestsSkipped })
        {
            if (tests.TryGetValue(name, out var value))
            {
                result.Add((name, value));
            }
        }

        if (rates.Count > 0)
        {
            result.Add((ReportParser.Coverage, weighted && valid > 0 ? Math.Round(100 * covered / valid, 4) : Math.Round(rates.Average(), 4)));
        }

        return result;
    }

    private static (double Covered, double Valid)? CoberturaLines(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ReportParser.CreateReader(stream);
            reader.MoveToContent();
            return reader.LocalName == "coverage"
                && double.TryParse(reader.GetAttribute("lines-covered"), NumberStyles.Float, CultureInfo.InvariantCulture, out var covered)
                && double.TryParse(reader.GetAttribute("lines-valid"), NumberStyles.Float, CultureInfo.InvariantCulture, out var valid)
                ? (covered, valid)
                : null;
        }
        catch (Exception e) when (e is XmlException or IOException)
        {
            return null;
        }
    }
}
