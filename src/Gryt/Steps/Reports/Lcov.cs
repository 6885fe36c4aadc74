using System.Globalization;
using System.Text;

namespace Gryt.Steps.Reports;

/// <summary>
/// LCOV tracefiles (<c>lcov.info</c> from c8/nyc/Jest, cargo-llvm-cov, genhtml's input):
/// <c>coverage</c> = ΣLH / ΣLF × 100 over all files; a record without LF/LH is counted from its DA lines.
/// </summary>
internal static class Lcov
{
    public static IReadOnlyList<(string Name, double Value)> Parse(byte[] bytes, string path)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidInputException($"report {path} is not a JUnit XML, TRX, Cobertura or LCOV report (not text)");
        }

        long found = 0, hit = 0, records = 0;
        long recordFound = -1, recordHit = -1, daFound = 0, daHit = 0;
        var inRecord = false;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("SF:", StringComparison.Ordinal))
            {
                inRecord = true;
                recordFound = recordHit = -1;
                daFound = daHit = 0;
            }
            else if (line == "end_of_record")
            {
                if (!inRecord)
                {
                    throw Bad(path, lineNumber, "end_of_record without SF:");
                }

                found += recordFound >= 0 ? recordFound : daFound;
                hit += recordHit >= 0 ? recordHit : daHit;
                records++;
                inRecord = false;
            }
            else if (line.StartsWith("LF:", StringComparison.Ordinal))
            {
                recordFound = Count(line[3..], path, lineNumber);
            }
            else if (line.StartsWith("LH:", StringComparison.Ordinal))
            {
                recordHit = Count(line[3..], path, lineNumber);
            }
            else if (line.StartsWith("DA:", StringComparison.Ordinal))
            {
                var fields = line[3..].Split(',');
                if (fields.Length < 2)
                {
                    throw Bad(path, lineNumber, $"malformed DA line '{line}'");
                }

                daFound++;
                daHit += fields[1] is not "0" and not "-0" ? 1 : 0;
            }
            else if (!IsLcovLine(line))
            {
                throw records == 0 && !inRecord
                    ? new InvalidInputException($"report {path} is not a JUnit XML, TRX, Cobertura or LCOV report")
                    : Bad(path, lineNumber, $"unexpected line '{(line.Length > 60 ? line[..60] + "…" : line)}'");
            }
        }

        if (inRecord)
        {
            throw Bad(path, lineNumber, "the last record has no end_of_record (truncated file?)");
        }

        if (records == 0)
        {
            throw new InvalidInputException($"report {path} is not a JUnit XML, TRX, Cobertura or LCOV report");
        }

        // No instrumented lines at all: there is no coverage to report, rather than 0% or 100%.
        return found == 0 ? [] : [(ReportParser.Coverage, Math.Round(100.0 * hit / found, 4))];
    }

    private static bool IsLcovLine(string line)
    {
        var colon = line.IndexOf(':', StringComparison.Ordinal);
        return colon is > 0 and <= 6 && line[..colon].All(char.IsAsciiLetterUpper);
    }

    private static long Count(string text, string path, int line) =>
        long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Bad(path, line, $"'{text}' is not a count");

    private static InvalidFileException Bad(string path, int line, string problem) => new(path, line, 1, $"malformed LCOV report: {problem}");
}
