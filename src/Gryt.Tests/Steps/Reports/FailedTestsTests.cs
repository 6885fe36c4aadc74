using Gryt.Steps.Reports;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Steps.Reports;

public sealed class FailedTestsTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Steps", "Reports", "Samples", name);

    [Fact]
    public void A_trx_report_names_its_failed_tests_with_their_messages()
    {
        Assert.Equal([new FailedTest("Calc.Divides", "Assert.Equal() Failure")], FailedTests.Read(Sample("dotnet.trx")));
    }

    [Fact]
    public void A_junit_report_names_failures_and_errors_by_class_and_name()
    {
        Assert.Equal(
            [new FailedTest("tests.test_math.test_sub", "assert 1 == 2"), new FailedTest("tests.test_math.test_div", "failed on setup with \"fixture 'db' not found\"")],
            FailedTests.Read(Sample("pytest-junit.xml")));
        Assert.Equal([new FailedTest("math add.overflows", "expected 3")], FailedTests.Read(Sample("nested-testsuites.xml")));
    }

    [Fact]
    public void Coverage_and_unreadable_reports_name_no_tests()
    {
        Assert.Empty(FailedTests.Read(Sample("coverlet.cobertura.xml")));
        Assert.Empty(FailedTests.Read(Sample("c8.lcov")));
        Assert.Empty(FailedTests.Read(Sample("truncated.xml")));
        Assert.Empty(FailedTests.Read(Sample("nowhere.trx")));
    }

    [Fact]
    public void A_message_is_its_first_line_and_without_one_the_failure_text()
    {
        using var folder = new TempDirectory();
        var report = Path.Combine(folder.Path, "junit.xml");
        File.WriteAllText(report, "<testsuite><testcase name=\"t\"><failure>\n\n  first line  \nsecond line</failure></testcase></testsuite>");

        Assert.Equal([new FailedTest("t", "first line")], FailedTests.Read(report));
    }

    [Fact]
    public void Only_the_first_ten_are_listed_and_the_rest_counted()
    {
        var tests = Enumerable.Range(1, 12).Select(i => new FailedTest($"T{i}", i == 1 ? "boom" : null)).ToList();

        var lines = FailedTests.Lines(tests).ToList();

        Assert.Equal("failed tests (12):", lines[0]);
        Assert.Equal("  T1: boom", lines[1]);
        Assert.Equal("  T10", lines[10]);
        Assert.Equal("  … and 2 more", lines[11]);
        Assert.Equal(12, lines.Count);
        Assert.Empty(FailedTests.Lines([]));
    }
}
