using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>
/// Visual Studio test results (<c>dotnet test --logger trx</c>). The run's
/// <c>&lt;ResultSummary&gt;&lt;Counters&gt;</c> are used; failed counts failures, errors, time-outs and
/// aborted tests; skipped counts tests not executed. Without counters the results are counted.
/// </summary>
internal static class Trx
{
    public static IReadOnlyList<(string Name, double Value)> Parse(XmlReader reader, string path)
    {
        double resultTotal = 0, resultFailed = 0, resultSkipped = 0;
        (double Total, double Failed, double Skipped)? counters = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            switch (reader.LocalName)
            {
                case "Counters":
                    counters = (
                        ReportParser.Number(reader, "total", path),
                        ReportParser.Number(reader, "failed", path) + ReportParser.Number(reader, "error", path)
                            + ReportParser.Number(reader, "timeout", path) + ReportParser.Number(reader, "aborted", path),
                        ReportParser.Number(reader, "notExecuted", path));
                    break;
                case "UnitTestResult":
                    resultTotal++;
                    switch (reader.GetAttribute("outcome"))
                    {
                        case "Failed" or "Error" or "Timeout" or "Aborted":
                            resultFailed++;
                            break;
                        case "NotExecuted":
                            resultSkipped++;
                            break;
                        default:
                            break;
                    }

                    break;
                default:
                    break;
            }
        }

        var (total, failed, skipped) = counters ?? (resultTotal, resultFailed, resultSkipped);
        return [(ReportParser.TestsTotal, total), (ReportParser.TestsFailed, failed), (ReportParser.TestsSkipped, skipped)];
    }
}
