using System.Text.Json;

namespace Gryt.Cli.Tests.Pipelines;

public sealed class RunCommandTests
{
    [Fact]
    public void A_passing_run_prints_plain_progress_and_exits_0()
    {
        using var project = new PipelineCliProject();
        project.Write("ordered.yaml", "name: ordered\nsteps:\n  - { name: build, run: 'echo built' }\n  - { name: package, run: 'true', needs: [build] }\n");

        var (exit, output, _) = project.Gryt("run", "ordered", "--no-evolution");

        Assert.Equal(0, exit);
        Assert.Contains("▶ build", output);
        Assert.Matches(@"✓ build \(\d+\.\ds\)", output);
        Assert.True(output.IndexOf("✓ build", StringComparison.Ordinal) < output.IndexOf("▶ package", StringComparison.Ordinal));
        Assert.Contains("ordered passed", output);
        Assert.DoesNotContain("built", output.Replace("build", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_run_shows_the_failed_steps_tail_and_log_and_exits_1()
    {
        using var project = new PipelineCliProject();
        project.Write("fails.yaml", "steps:\n  - { name: first, run: 'echo one && exit 3' }\n  - { name: second, run: 'true' }\n");

        var (exit, output, _) = project.Gryt("run", "fails", "--no-evolution");

        Assert.Equal(1, exit);
        Assert.Contains("✗ first (exit 3,", output);
        Assert.Contains("│ one", output);
        Assert.Matches(@"log: \.gryt/logs/[0-9a-f-]+/first\.log", output);
        Assert.Contains("- second skipped", output);
    }

    [Fact]
    public void A_failed_test_step_names_its_failed_tests_above_the_output_tail()
    {
        using var project = new PipelineCliProject();
        var results = string.Concat(Enumerable.Range(1, 12).Select(i =>
            $"<testcase classname=\"Calc\" name=\"case{i}\"><failure message=\"expected {i}\">trace</failure></testcase>"));
        File.WriteAllText(Path.Combine(project.Root, "junit.xml"), $"<testsuite>{results}<testcase name=\"passes\"/></testsuite>");
        project.Write("tests.yaml", "steps:\n  - { name: unit, run: 'echo ran 13 tests && exit 1', reports: [junit.xml] }\n");

        var (exit, output, _) = project.Gryt("run", "tests", "--no-evolution");

        Assert.Equal(1, exit);
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var heading = lines.IndexOf("    failed tests (12):");
        Assert.True(heading > lines.FindIndex(l => l.StartsWith("✗ unit (exit 1,", StringComparison.Ordinal)), output);
        Assert.Equal("      Calc.case1: expected 1", lines[heading + 1]);
        Assert.Equal("      Calc.case10: expected 10", lines[heading + 10]);
        Assert.Equal("      … and 2 more", lines[heading + 11]);
        Assert.Equal("    │ ran 13 tests", lines[heading + 12]);
    }

    [Fact]
    public void A_passing_step_with_a_report_lists_no_failed_tests()
    {
        using var project = new PipelineCliProject();
        File.WriteAllText(Path.Combine(project.Root, "junit.xml"), "<testsuite><testcase name=\"t\"><failure message=\"flaky\"/></testcase></testsuite>");
        project.Write("tests.yaml", "steps:\n  - { name: unit, run: 'true', reports: [junit.xml] }\n  - { name: after, run: 'exit 2', needs: [unit] }\n");

        var (_, output, _) = project.Gryt("run", "tests", "--no-evolution");

        Assert.Contains("✗ after (exit 2,", output);
        Assert.DoesNotContain("failed tests", output);
    }

    [Fact]
    public void Exit_codes_for_unknown_bad_and_unknown_evolution()
    {
        using var project = new PipelineCliProject();
        project.Write("cycle.yaml", "steps:\n  - { name: a, run: 'true', needs: [b] }\n  - { name: b, run: 'true', needs: [a] }\n");

        var missing = project.Gryt("run", "nowhere", "--no-evolution");
        Assert.Equal(3, missing.Exit);
        Assert.Contains("example.yaml", missing.Err);

        var cycle = project.Gryt("run", "cycle.yaml", "--no-evolution");
        Assert.Equal(2, cycle.Exit);
        Assert.Contains(".gryt/pipelines/cycle.yaml:2:", cycle.Err);

        var evolution = project.Gryt("run", "example", "--evolution", "v1.0.0-rc.1");
        Assert.Equal(3, evolution.Exit);
        Assert.Contains("v1.0.0-rc.1", evolution.Err);

        var both = project.Gryt("run", "example", "--evolution", "v1.0.0-rc.1", "--no-evolution");
        Assert.Equal(2, both.Exit);
    }

    [Fact]
    public void Dry_run_prints_the_plan_and_runs_nothing()
    {
        using var project = new PipelineCliProject();
        project.Write("plan.yaml", "steps:\n  - { name: b, run: 'touch ran', needs: [a] }\n  - { name: a, run: 'touch ran' }\n");

        var (exit, output, _) = project.Gryt("run", "plan", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Matches(@"1\. a\s+run: touch ran", output);
        Assert.Matches(@"2\. b \(needs a\)", output);
        Assert.False(File.Exists(Path.Combine(project.Root, "ran")));
    }

    [Fact]
    public void Dry_run_shows_what_each_publish_step_would_publish()
    {
        using var project = new PipelineCliProject();
        Directory.CreateDirectory(Path.Combine(project.Root, "artifacts"));
        using (var zip = System.IO.Compression.ZipFile.Open(Path.Combine(project.Root, "artifacts", "Gryt.Demo.1.0.0.nupkg"), System.IO.Compression.ZipArchiveMode.Create))
        using (var nuspec = new StreamWriter(zip.CreateEntry("Gryt.Demo.nuspec").Open()))
        {
            nuspec.Write("<package><metadata><id>Gryt.Demo</id><version>1.0.0</version></metadata></package>");
        }

        Directory.CreateDirectory(Path.Combine(project.Root, "web"));
        File.WriteAllText(Path.Combine(project.Root, "web", "package.json"), """{ "name": "gryt-web", "version": "1.0.0" }""");
        project.Write("release.yaml", """
            steps:
              - { name: pack, run: 'touch ran' }
              - name: push
                needs: [pack]
                uses: nuget-push
                with: { packages: "artifacts/*.nupkg", source: "https://nuget.example.test/v3/index.json", api_key_env: GRYT_TEST_NO_SUCH_KEY }
              - name: sbom
                uses: oci-push
                with: { reference: "localhost:5000/sbom:1.0", files: [out/sbom.json] }
              - name: web
                uses: npm-publish
                cwd: web
                with: { registry: "http://127.0.0.1:1/", token_env: GRYT_TEST_NO_SUCH_TOKEN, dry_run: true }
            """);

        var (exit, output, _) = project.Gryt("run", "release", "--dry-run");

        Assert.Equal(0, exit);
        Assert.Contains("""
              2. push (needs pack)  uses: nuget-push
                   would publish to https://nuget.example.test/v3/index.json
                     artifacts/Gryt.Demo.1.0.0.nupkg (Gryt.Demo 1.0.0)
                   credential from GRYT_TEST_NO_SUCH_KEY (not set)
              3. sbom  uses: oci-push
                   would publish to localhost:5000/sbom:1.0
                     file 'out/sbom.json' does not exist now (an earlier step may make it)
              4. web  uses: npm-publish
                   would publish to http://127.0.0.1:1/
                     . (gryt-web 1.0.0)
                   credential from GRYT_TEST_NO_SUCH_TOKEN (not set)
                   dry_run: the step logs this and publishes nothing
            """.ReplaceLineEndings(), output.ReplaceLineEndings(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(project.Root, "ran")));
    }

    [Fact]
    public void Pipeline_list_show_and_validate()
    {
        using var project = new PipelineCliProject();
        project.Write("bad.yaml", "steps:\n  - { name: a, run: 'true', nedds: [b] }\n");

        var list = project.Gryt("pipeline", "list", "--json");
        Assert.Equal(0, list.Exit);
        var pipelines = JsonDocument.Parse(list.Out).RootElement.GetProperty("pipelines").EnumerateArray().ToList();
        Assert.Equal(["bad", "example"], pipelines.Select(p => p.GetProperty("name").GetString()));
        Assert.False(pipelines[0].GetProperty("valid").GetBoolean());
        Assert.Contains("bad.yaml:2:", pipelines[0].GetProperty("error").GetString());
        Assert.Equal(2, pipelines[1].GetProperty("steps").GetInt32());

        var show = project.Gryt("pipeline", "show", "example", "--json");
        Assert.Equal(0, show.Exit);
        var steps = JsonDocument.Parse(show.Out).RootElement.GetProperty("pipeline").GetProperty("steps");
        Assert.Equal("hello", steps[1].GetProperty("needs")[0].GetString());

        Assert.Equal(0, project.Gryt("pipeline", "validate", "example").Exit);
        var invalid = project.Gryt("pipeline", "validate", "bad");
        Assert.Equal(2, invalid.Exit);
        Assert.Contains("unknown key 'nedds'", invalid.Err);
    }
}
