using System.Xml;

namespace Gryt.Steps.Reports;

/// <summary>A test that failed, as a TRX or JUnit report names it, with the first line of its message.</summary>
internal sealed record FailedTest(string Name, string? Message);

/// <summary>
/// Reads which tests failed from a TRX or JUnit XML report, so a failed step can name them above
/// its output tail instead of leaving users to dig through the log.
/// </summary>
internal static class FailedTests
{
    /// <summary>How many failed tests are named; the rest are counted ("and M more").</summary>
    public const int Shown = 10;

    private const int MessageLength = 200;

    /// <summary>The failed tests in report order; none for other formats or a report that cannot be
    /// read (reading its metrics already said why).</summary>
    public static IReadOnlyList<FailedTest> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var reader = ReportParser.CreateReader(stream);
            reader.MoveToContent();
            return reader.LocalName switch
            {
                "TestRun" => FromTrx(reader),
                "testsuites" or "testsuite" => FromJUnit(reader),
                _ => [],
            };
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The lines shown for <paramref name="tests"/>: a heading, the first <see cref="Shown"/>, and how many more.</summary>
    public static IEnumerable<string> Lines(IReadOnlyList<FailedTest> tests)
    {
        if (tests.Count == 0)
        {
            yield break;
        }

        yield return $"failed tests ({tests.Count}):";
        foreach (var test in tests.Take(Shown))
        {
            yield return "  " + test.Name + (test.Message is null ? "" : ": " + test.Message);
        }

        if (tests.Count > Shown)
        {
            yield return $"  … and {tests.Count - Shown} more";
        }
    }

    private static List<FailedTest> FromTrx(XmlReader reader)
    {
        var failed = new List<FailedTest>();
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "UnitTestResult"
                || reader.GetAttribute("outcome") is not ("Failed" or "Error" or "Timeout" or "Aborted"))
            {
                continue;
            }

            var name = reader.GetAttribute("testName") ?? "(unnamed test)";
            string? message = null;
            using (var result = reader.ReadSubtree())
            {
                while (result.Read())
                {
                    if (result.NodeType == XmlNodeType.Element && result.LocalName == "Message")
                    {
                        message = result.ReadElementContentAsString();
                        break;
                    }
                }
            }

            failed.Add(new FailedTest(name, FirstLine(message)));
        }

        return failed;
    }

    private static List<FailedTest> FromJUnit(XmlReader reader)
    {
        var failed = new List<FailedTest>();
        do
        {
            if (reader.NodeType != XmlNodeType.Element || reader.LocalName != "testcase" || reader.IsEmptyElement)
            {
                continue;
            }

            var name = reader.GetAttribute("name") ?? "(unnamed test)";
            if (reader.GetAttribute("classname") is { Length: > 0 } type)
            {
                name = type + "." + name;
            }

            using var testCase = reader.ReadSubtree();
            while (testCase.Read())
            {
                if (testCase.NodeType == XmlNodeType.Element && testCase.Depth == 1 && testCase.LocalName is "failure" or "error")
                {
                    var message = testCase.GetAttribute("message");
                    failed.Add(new FailedTest(name, FirstLine(string.IsNullOrWhiteSpace(message) ? testCase.ReadElementContentAsString() : message)));
                    break;
                }
            }
        }
        while (reader.Read());

        return failed;
    }

    private static string? FirstLine(string? text)
    {
        var line = text?.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        return line is null ? null : line.Length > MessageLength ? line[..MessageLength] + "…" : line;
    }
}
