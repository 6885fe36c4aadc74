using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>
/// JUnit XML, as written by pytest, go-junit-report, Jest, cargo2junit and the .NET JUnit logger:
/// either a <c>&lt;testsuites&gt;</c> root or a single <c>&lt;testsuite&gt;</c>. Test cases are counted
/// (so nested suites are never counted twice); only a report without any <c>&lt;testcase&gt;</c>
/// falls back to the counts on its top-level suites.
/// </summary>
internal static class JUnit
{
    public static IReadOnlyList<(string Name, double Value)> Parse(XmlReader reader, string path)
    {
        double total = 0, failed = 0, skipped = 0;
        double suiteTotal = 0, suiteFailed = 0, suiteSkipped = 0;
        var rootIsSuite = reader.LocalName == "testsuite";
        var rootDepth = reader.Depth;
        var caseDepth = -1;
        bool caseFailed = false, caseSkipped = false;

        void EndCase()
        {
            total++;
            failed += caseFailed ? 1 : 0;
            skipped += !caseFailed && caseSkipped ? 1 : 0;
            caseDepth = -1;
        }

        do
        {
            if (reader.NodeType == XmlNodeType.EndElement && reader.Depth == caseDepth)
            {
                EndCase();
                continue;
            }

            if (reader.NodeType != XmlNodeType.Element)
            {
                continue;
            }

            if (caseDepth >= 0 && reader.Depth <= caseDepth)
            {
                EndCase();
            }

            switch (reader.LocalName)
            {
                case "testsuite" when reader.Depth == rootDepth + (rootIsSuite ? 0 : 1):
                    suiteTotal += ReportParser.Number(reader, "tests", path);
                    suiteFailed += ReportParser.Number(reader, "failures", path) + ReportParser.Number(reader, "errors", path);
                    suiteSkipped += Math.Max(ReportParser.Number(reader, "skipped", path), ReportParser.Number(reader, "disabled", path));
                    break;
                case "testcase":
                    caseDepth = reader.Depth;
                    caseFailed = false;
                    caseSkipped = false;
                    if (reader.IsEmptyElement)
                    {
                        EndCase();
                    }

                    break;
                case "failure" or "error" when caseDepth >= 0 && reader.Depth == caseDepth + 1:
                    caseFailed = true;
                    break;
                case "skipped" when caseDepth >= 0 && reader.Depth == caseDepth + 1:
                    caseSkipped = true;
                    break;
                default:
                    break;
            }
        }
        while (reader.Read());

        if (caseDepth >= 0)
        {
            EndCase();
        }

        return total > 0
            ? [(ReportParser.TestsTotal, total), (ReportParser.TestsFailed, failed), (ReportParser.TestsSkipped, skipped)]
            : [(ReportParser.TestsTotal, suiteTotal), (ReportParser.TestsFailed, suiteFailed), (ReportParser.TestsSkipped, suiteSkipped)];
    }
}
