using Gryt.Steps.Reports;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>A step's <c>reports:</c> by path, glob and folder, as test tools name their files by timestamp or GUID.</summary>
public sealed class ReportGlobTests
{
    private const string Junit = "<testsuite tests=\"3\" failures=\"1\" skipped=\"0\"><testcase name=\"a\"/><testcase name=\"b\"><failure/></testcase><testcase name=\"c\"/></testsuite>";
    private const string Cobertura = "<coverage line-rate=\"0.5\" lines-covered=\"5\" lines-valid=\"10\"></coverage>";

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static List<string> Relative(string root, IReadOnlyList<string> files) =>
        [.. files.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))];

    [Fact]
    public void A_double_star_glob_matches_files_at_any_depth_and_a_star_stays_within_a_name()
    {
        using var dir = new TempDirectory();
        Write(dir.Path, "out/junit.xml", Junit);
        Write(dir.Path, "out/a/b/more.xml", Junit);
        Write(dir.Path, "out/a/notes.txt", "x");
        Write(dir.Path, "TestResults/4f1c/coverage.cobertura.20261127T201500.xml", Cobertura);

        Assert.Equal(["out/a/b/more.xml", "out/junit.xml"], Relative(dir.Path, ReportFiles.Expand("out/**/*.xml", dir.Path)));
        Assert.Equal(["out/junit.xml"], Relative(dir.Path, ReportFiles.Expand("out/*.xml", dir.Path)));
        Assert.Equal(["TestResults/4f1c/coverage.cobertura.20261127T201500.xml"],
            Relative(dir.Path, ReportFiles.Expand("TestResults/*/coverage.cobertura.*.xml", dir.Path)));
        Assert.Empty(ReportFiles.Expand("missing/**/*.xml", dir.Path));
    }

    [Fact]
    public void A_folder_means_the_report_files_anywhere_in_it()
    {
        using var dir = new TempDirectory();
        Write(dir.Path, "TestResults/run.trx", "<TestRun/>");
        Write(dir.Path, "TestResults/guid/coverage.cobertura.xml", Cobertura);
        Write(dir.Path, "TestResults/lcov.info", "SF:a\nLF:1\nLH:1\nend_of_record\n");
        Write(dir.Path, "TestResults/log.txt", "not a report");
        Write(dir.Path, "TestResults/test.dll", "binary");

        Assert.Equal(["TestResults/guid/coverage.cobertura.xml", "TestResults/lcov.info", "TestResults/run.trx"],
            Relative(dir.Path, ReportFiles.Expand("TestResults/", dir.Path)));
        Assert.Equal(3, ReportFiles.Expand("TestResults", dir.Path).Count);
    }

    [Fact]
    public async Task Reports_matched_by_glob_and_folder_are_recorded_with_test_counts_summed()
    {
        using var project = new PipelineTestProject();
        var step = new CommandStep("test", """
            mkdir -p out/unit out/integration TestResults/0a1b &&
            printf '%s' '{JUNIT}' > out/unit/junit.xml &&
            printf '%s' '{JUNIT}' > out/integration/junit.xml &&
            printf '%s' '{COBERTURA}' > TestResults/0a1b/coverage.cobertura.20261127.xml
            """.Replace("{JUNIT}", Junit, StringComparison.Ordinal).Replace("{COBERTURA}", Cobertura, StringComparison.Ordinal))
        {
            // out/unit/junit.xml is matched twice and counted once.
            Reports = ["out/**/*.xml", "TestResults/", "out/unit/junit.xml"],
        };

        var result = await project.RunAsync(new Pipeline("reports", [step]));

        Assert.Equal(StepStatus.Pass, result.Steps[0].Status);
        Assert.Empty(result.Steps[0].Warnings);
        var metrics = project.Query("SELECT metric_name, metric_value FROM data_rows WHERE run_id = ? AND source = 'report'", result.RunId)
            .ToDictionary(r => (string)r["metric_name"]!, r => Convert.ToDouble(r["metric_value"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(6, metrics["tests_total"]);
        Assert.Equal(2, metrics["tests_failed"]);
        Assert.Equal(50, metrics["coverage"]);
    }

    [Fact]
    public async Task A_missing_report_is_a_warning_on_the_result_and_the_step_still_passes()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("reports", [new CommandStep("test", "echo ran") { Reports = ["out/**/*.xml"] }]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(StepStatus.Pass, result.Steps[0].Status);
        Assert.Equal(["report out/**/*.xml was not found in the repository root"], result.Steps[0].Warnings);
    }

    [Fact]
    public async Task With_reports_required_a_missing_report_fails_the_step_naming_it()
    {
        using var project = new PipelineTestProject();
        Directory.CreateDirectory(project.PathOf("sub"));
        var pipeline = new Pipeline("reports", [
            new CommandStep("test", "echo ran") { Reports = ["TestResults/"], ReportsRequired = true, WorkingDirectory = "sub" },
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.Equal("report TestResults/ was not found in sub (reports_required)", result.Steps[0].Message);
        Assert.Equal(RunStatus.Fail, result.Status);
    }

    [Fact]
    public async Task With_reports_required_an_unreadable_report_fails_the_step()
    {
        using var project = new PipelineTestProject();
        var pipeline = new Pipeline("reports", [
            new CommandStep("test", "printf '<testsuite><testcase' > junit.xml") { Reports = ["*.xml"], ReportsRequired = true },
        ]);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.Contains("malformed XML report", result.Steps[0].Message!, StringComparison.Ordinal);
    }
}
