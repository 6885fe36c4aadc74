using Gryt.Steps.Reports;

namespace Gryt.Tests.Steps.Reports;

public sealed class ReportParserTests
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Steps", "Reports", "Samples", name);

    private static Dictionary<string, double> Metrics(string name) =>
        ReportParser.Parse(Sample(name)).ToDictionary(m => m.Name, m => m.Value);

    [Fact]
    public void Pytest_junit_counts_failures_and_errors_as_failed()
    {
        Assert.Equal(
            new Dictionary<string, double> { ["tests_total"] = 5, ["tests_failed"] = 2, ["tests_skipped"] = 1 },
            Metrics("pytest-junit.xml"));
    }

    [Fact]
    public void Single_testsuite_root_is_read()
    {
        Assert.Equal(
            new Dictionary<string, double> { ["tests_total"] = 3, ["tests_failed"] = 0, ["tests_skipped"] = 1 },
            Metrics("single-testsuite.xml"));
    }

    [Fact]
    public void Nested_testsuites_are_not_counted_twice()
    {
        Assert.Equal(
            new Dictionary<string, double> { ["tests_total"] = 4, ["tests_failed"] = 1, ["tests_skipped"] = 0 },
            Metrics("nested-testsuites.xml"));
    }

    [Fact]
    public void Suites_without_test_cases_fall_back_to_their_counts()
    {
        Assert.Equal(
            new Dictionary<string, double> { ["tests_total"] = 15, ["tests_failed"] = 3, ["tests_skipped"] = 4 },
            Metrics("suites-without-cases.xml"));
    }

    [Fact]
    public void Trx_counters_give_the_test_metrics()
    {
        Assert.Equal(
            new Dictionary<string, double> { ["tests_total"] = 3, ["tests_failed"] = 1, ["tests_skipped"] = 1 },
            Metrics("dotnet.trx"));
    }

    [Fact]
    public void Trx_without_results_uses_its_counters_with_skipped_as_not_executed()
    {
        Assert.Equal(
            new Dictionary<string, double> { ["tests_total"] = 10, ["tests_failed"] = 2, ["tests_skipped"] = 3 },
            Metrics("counters-only.trx"));
    }

    [Fact]
    public void Cobertura_line_rate_becomes_percent()
    {
        Assert.Equal(new Dictionary<string, double> { ["coverage"] = 85.71 }, Metrics("coverlet.cobertura.xml"));
    }

    [Fact]
    public void Lcov_coverage_is_hit_over_found_lines_of_all_files()
    {
        // 2 of 3 lines (LF/LH) plus 4 of 5 lines (DA only): 6 of 8.
        Assert.Equal(new Dictionary<string, double> { ["coverage"] = 75 }, Metrics("c8.lcov"));
    }

    [Fact]
    public void Missing_report_names_its_path()
    {
        var error = Assert.Throws<InvalidInputException>(() => ReportParser.Parse(Sample("nowhere.xml")));
        Assert.Contains("nowhere.xml", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void Doctype_is_refused_so_external_entities_are_never_read()
    {
        var error = Assert.ThrowsAny<InvalidInputException>(() => ReportParser.Parse(Sample("xxe.xml")));
        Assert.StartsWith(Sample("xxe.xml") + ": malformed XML report: ", error.Message);
        Assert.Contains("DTD", error.Message);
        Assert.DoesNotContain("root:", error.Message);
    }

    [Fact]
    public void Truncated_xml_names_the_path_and_line()
    {
        var error = Assert.Throws<InvalidFileException>(() => ReportParser.Parse(Sample("truncated.xml")));
        Assert.EndsWith("truncated.xml", error.FilePath);
        Assert.Equal(5, error.Line);
        Assert.StartsWith(Sample("truncated.xml") + ":5:", error.Message);
    }

    [Fact]
    public void Node_test_junit_reporter_output_counts_the_failed_and_skipped_test()
    {
        // Captured from node 20's `node --test --test-reporter=junit`: one pass, one failure, one skip.
        Assert.Equal(new Dictionary<string, double> { ["tests_total"] = 3, ["tests_failed"] = 1, ["tests_skipped"] = 1 }, Metrics("node-test-junit.xml"));
    }

    [Fact]
    public void Istanbul_coverage_summary_gives_the_total_line_coverage()
    {
        Assert.Equal(new Dictionary<string, double> { ["coverage"] = 75 }, Metrics("coverage-summary.json"));
    }

    [Fact]
    public void Go_cover_profile_gives_the_statement_coverage_go_tool_cover_prints()
    {
        // `go tool cover -func` on this profile: total (statements) 25.0%.
        Assert.Equal(new Dictionary<string, double> { ["coverage"] = 25 }, Metrics("go-cover.out"));
    }

    [Fact]
    public void Go_test_json_counts_leaf_tests_and_shows_their_output()
    {
        // Captured go 1.19 `go test -json`: TestAdd has subtests one (pass) and two (fail); TestLater skips.
        var counts = new TestOutputCounts();
        var shown = File.ReadAllLines(Sample("go-test.json")).Select(counts.AddGoEvent).OfType<string>().ToList();

        Assert.Equal([("tests_total", 3.0), ("tests_failed", 1.0), ("tests_skipped", 1.0)], counts.Metrics);
        Assert.Contains("    --- FAIL: TestAdd/two (0.00s)", shown);
        Assert.DoesNotContain(shown, line => line.StartsWith('{'));
        Assert.Equal("# example.com/s [build failed]", counts.AddGoEvent("# example.com/s [build failed]"));
    }

    [Fact]
    public void Go_test_json_counts_nested_subtests_as_leaves_per_package()
    {
        var counts = new TestOutputCounts();
        string Event(string package, string test, string action) =>
            $"{{\"Action\":\"{action}\",\"Package\":\"{package}\",\"Test\":\"{test}\"}}";
        foreach (var line in new[]
        {
            Event("a", "TestT/x/y", "fail"), Event("a", "TestT/x", "fail"), Event("a", "TestT/z", "pass"), Event("a", "TestT", "fail"),
            Event("b", "TestT", "skip"), Event("b", "TestT/x2", "pass"), Event("b", "TestU", "pass"),
        })
        {
            counts.AddGoEvent(line);
        }

        // Leaves: a TestT/x/y (fail), a TestT/z, b TestT/x2 and b TestU (TestT in b has a subtest, so it is not counted).
        Assert.Equal([("tests_total", 4.0), ("tests_failed", 1.0), ("tests_skipped", 0.0)], counts.Metrics);
    }

    [Fact]
    public void Cargo_test_result_lines_of_every_test_binary_are_summed()
    {
        // Captured cargo 1.95 output: unit tests (1 passed, 1 failed, 1 ignored), then doc tests (1 passed).
        var counts = new TestOutputCounts();
        foreach (var line in File.ReadAllLines(Sample("cargo-test-output.txt")))
        {
            counts.AddCargoLine(line);
        }

        Assert.Equal([("tests_total", 4.0), ("tests_failed", 1.0), ("tests_skipped", 1.0)], counts.Metrics);
    }

    [Fact]
    public void Output_without_results_gives_no_metrics_rather_than_zeros()
    {
        var counts = new TestOutputCounts();
        counts.AddCargoLine("error[E0425]: cannot find value `x` in this scope");
        counts.AddGoEvent("{\"Action\":\"fail\",\"Package\":\"example.com/s\"}");

        Assert.Empty(counts.Metrics);
    }

    [Theory]
    [InlineData("not-istanbul.json", "is JSON but not an istanbul coverage summary")]
    [InlineData("bad-cover.out", ":2:1: malformed Go coverage profile line")]
    [InlineData("html.xml", "<html> is not the root of a JUnit XML, TRX or Cobertura report")]
    [InlineData("notes.txt", "is not a JUnit XML, TRX, Cobertura or LCOV report")]
    [InlineData("bad.lcov", ":3:1: malformed LCOV report: 'abc' is not a count")]
    [InlineData("bad-rate.xml", "line-rate 1.7 is above 1")]
    public void Unknown_or_malformed_reports_are_refused_with_the_path(string name, string message)
    {
        var error = Assert.ThrowsAny<InvalidInputException>(() => ReportParser.Parse(Sample(name)));
        Assert.Contains(name, error.Message);
        Assert.Contains(message, error.Message);
    }
}
