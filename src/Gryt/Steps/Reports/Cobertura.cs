using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>Cobertura XML (coverlet, coverage.py, cargo-tarpaulin): <c>coverage</c> = the root's line-rate × 100.</summary>
internal static class Cobertura
{
    public static IReadOnlyList<(string Name, double Value)> Parse(XmlReader reader, string path)
    {
        if (reader.GetAttribute("line-rate") is null)
        {
            throw new InvalidFileException(path, ReportParser.Line(reader), ReportParser.Column(reader),
                "Cobertura report without a line-rate attribute on <coverage>");
        }

        var rate = ReportParser.Number(reader, "line-rate", path);
        if (rate > 1)
        {
            throw new InvalidFileException(path, ReportParser.Line(reader), ReportParser.Column(reader),
                $"line-rate {rate} is above 1");
        }

        // Read to the end so that a truncated file is an error rather than a number.
        while (reader.Read())
        {
        }

        return [(ReportParser.Coverage, Math.Round(rate * 100, 4))];
    }
}
