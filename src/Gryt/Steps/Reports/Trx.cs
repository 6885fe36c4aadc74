using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>
/// Visual Studio test results (<c>dotnet test --logger trx</c>). Each <c>&lt;UnitTestResult&gt;</c> is
/// counted by its outcome: failed counts failures, errors, time-outs and aborted tests; skipped
/// counts tests not executed. Without results the run's <c>&lt;Counters&gt;</c> are used (where
/// skipped tests are total − executed: VSTest leaves <c>notExecuted</c> at 0 for skipped tests).
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
                        reader.GetAttribute("executed") is null
                            ? ReportParser.Number(reader, "notExecuted", path)
                            : Math.Max(0, ReportParser.Number(reader, "total", path) - ReportParser.Number(reader, "executed", path)));
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

        var (total, failed, skipped) = resultTotal > 0 || counters is null ? (resultTotal, resultFailed, resultSkipped) : counters.Value;
        return [(ReportParser.TestsTotal, total), (ReportParser.TestsFailed, failed), (ReportParser.TestsSkipped, skipped)];
    }
}
