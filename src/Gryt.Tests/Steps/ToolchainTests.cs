namespace Gryt.Tests.Steps;

/// <summary>
/// Built-in steps run for real with the toolchains installed on this machine; a test whose tool
/// is missing is skipped and says so.
/// </summary>
[Trait("Category", "Slow")]
public sealed class ToolchainTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-toolchain-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [ToolFact("npm")]
    public async Task Npm_install_and_test_run_the_package_scripts()
    {
        Write("package.json", """
            { "name": "gryt-sample", "version": "1.0.0", "private": true,
              "scripts": { "test": "node test.js", "build": "node -e \"require('fs').writeFileSync('built.txt','ok')\"" } }
            """);
        Write("test.js", "console.log('1 test passed'); process.exit(process.argv.includes('--fail') ? 3 : 0);\n");
        var harness = new StepHarness();
        var environment = new Dictionary<string, string> { ["npm_config_update_notifier"] = "false", ["npm_config_fund"] = "false", ["npm_config_audit"] = "false", ["npm_config_offline"] = "true" };

        Assert.True((await harness.RunAsync(new NpmInstallStep("deps"), _folder, environment)).Passed, harness.Output);
        Assert.Equal(["install"], harness.Runtime.Started[^1].Arguments);
        Assert.True((await harness.RunAsync(new NpmTestStep("test"), _folder, environment)).Passed, harness.Output);
        Assert.Contains("1 test passed", harness.Output);
        Assert.True((await harness.RunAsync(new NpmBuildStep("build"), _folder, environment)).Passed, harness.Output);
        Assert.Equal("ok", File.ReadAllText(Path.Combine(_folder, "built.txt")));

        var failing = await harness.RunAsync(new NpmTestStep("test") { Args = ["--fail"] }, _folder, environment);
        Assert.False(failing.Passed);
        Assert.Equal("npm test -- --fail exited with code 3", failing.Message);
    }

    [ToolFact("npm")]
    public async Task Npm_test_records_node_test_results_with_the_failed_test_counted()
    {
        Write("package.json", """{ "name": "gryt-node-sample", "version": "1.0.0", "private": true, "scripts": { "test": "node --test" } }""");
        Write("math.test.js", """
            const test = require('node:test');
            const assert = require('node:assert');
            test('adds', () => assert.strictEqual(1 + 1, 2));
            test('fails on purpose', () => assert.strictEqual(1 + 1, 3));
            test('later', { skip: 'not today' }, () => {});
            """);
        Write("test-results/node-junit.xml", "<testsuites><testcase name='stale from an earlier run'/></testsuites>");
        var harness = new StepHarness();
        var environment = new Dictionary<string, string> { ["npm_config_update_notifier"] = "false", ["npm_config_offline"] = "true" };

        var outcome = await harness.RunAsync(new NpmTestStep("test") { NodeTestReporter = true }, _folder, environment);

        Assert.False(outcome.Passed, "one test fails on purpose");
        Assert.Equal(3, harness.Metrics["tests_total"]);
        Assert.Equal(1, harness.Metrics["tests_failed"]);
        Assert.Equal(1, harness.Metrics["tests_skipped"]);
        Assert.Contains("fails on purpose", harness.Output);
        Assert.Contains(Path.Combine(_folder, "test-results", "node-junit.xml"), harness.Artifacts);
    }

    [ToolFact("cargo")]
    public async Task Cargo_test_records_the_counts_of_its_result_lines()
    {
        Write("Cargo.toml", "[package]\nname = \"gryt_counted\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n");
        Write("src/lib.rs", """
            pub fn add(a: i32, b: i32) -> i32 { a + b }

            #[cfg(test)]
            mod tests {
                #[test] fn adds() { assert_eq!(super::add(1, 2), 3); }
                #[test] fn fails_on_purpose() { assert_eq!(super::add(2, 2), 5); }
                #[test] #[ignore] fn later() {}
            }
            """);
        var harness = new StepHarness();
        var environment = new Dictionary<string, string> { ["CARGO_NET_OFFLINE"] = "true", ["CARGO_TARGET_DIR"] = Path.Combine(_folder, "target") };

        var outcome = await harness.RunAsync(new CargoTestStep("test"), _folder, environment);

        Assert.False(outcome.Passed, "one test fails on purpose");
        Assert.Equal(3, harness.Metrics["tests_total"]);
        Assert.Equal(1, harness.Metrics["tests_failed"]);
        Assert.Equal(1, harness.Metrics["tests_skipped"]);
    }

    [ToolFact("cargo")]
    public async Task Cargo_build_and_test_run_a_crate()
    {
        Write("Cargo.toml", "[package]\nname = \"gryt_sample\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[dependencies]\n");
        Write("src/lib.rs", "pub fn add(a: i32, b: i32) -> i32 { a + b }\n\n#[cfg(test)]\nmod tests {\n    #[test]\n    fn adds() { assert_eq!(super::add(1, 2), 3); }\n}\n");
        var harness = new StepHarness();
        var environment = new Dictionary<string, string> { ["CARGO_NET_OFFLINE"] = "true", ["CARGO_TARGET_DIR"] = Path.Combine(_folder, "target") };

        Assert.True((await harness.RunAsync(new CargoBuildStep("build"), _folder, environment)).Passed, harness.Output);
        Assert.True((await harness.RunAsync(new CargoTestStep("test"), _folder, environment)).Passed, harness.Output);
        Assert.Contains("test tests::adds ... ok", harness.Output);
    }

    [ToolFact("python3")]
    public async Task Pytest_records_its_junit_results()
    {
        Write("test_sample.py", "import pytest\n\ndef test_ok():\n    assert 1 + 1 == 2\n\ndef test_bad():\n    assert 1 == 2\n\n@pytest.mark.skip(reason='later')\ndef test_later():\n    pass\n");
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new PytestStep("test") { Args = ["-q"], JunitXml = "reports/junit.xml" }, _folder);

        Assert.False(outcome.Passed);
        Assert.Equal(3, harness.Metrics["tests_total"]);
        Assert.Equal(1, harness.Metrics["tests_failed"]);
        Assert.Equal(1, harness.Metrics["tests_skipped"]);
    }

    [ToolFact("go")]
    public async Task Go_test_and_build_run_a_module()
    {
        Write("go.mod", "module example.com/sample\n\ngo 1.21\n");
        Write("main.go", "package main\n\nfunc add(a, b int) int { return a + b }\n\nfunc main() { println(add(1, 2)) }\n");
        Write("main_test.go", "package main\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) { if add(1, 2) != 3 { t.Fatal(\"bad\") } }\n");
        var harness = new StepHarness();

        Assert.True((await harness.RunAsync(new GoTestStep("test") { Package = "./..." }, _folder)).Passed, harness.Output);
        Assert.True((await harness.RunAsync(new GoBuildStep("build") { Output = "bin/app" }, _folder)).Passed, harness.Output);
        Assert.True(File.Exists(Path.Combine(_folder, "bin", "app")));
    }

    [ToolFact("go")]
    public async Task Go_test_records_tests_and_the_coverage_go_prints()
    {
        Write("go.mod", "module example.com/counted\n\ngo 1.19\n");
        Write("calc.go", "package calc\n\nfunc Add(a, b int) int { return a + b }\n\nfunc Abs(a int) int {\n\tif a > 0 {\n\t\treturn a\n\t}\n\treturn -a\n}\n");
        Write("calc_test.go", """
            package calc

            import "testing"

            func TestAdd(t *testing.T) {
            	t.Run("small", func(t *testing.T) { if Add(1, 1) != 2 { t.Fatal("bad") } })
            	t.Run("fails on purpose", func(t *testing.T) { if Add(1, 2) != 4 { t.Fatal("bad sum") } })
            }

            func TestLater(t *testing.T) { t.Skip("later") }
            """);
        var harness = new StepHarness();

        var outcome = await harness.RunAsync(new GoTestStep("test") { CoverProfile = "cover.out" }, _folder);

        Assert.False(outcome.Passed, "one subtest fails on purpose");
        Assert.Equal(3, harness.Metrics["tests_total"]);
        Assert.Equal(1, harness.Metrics["tests_failed"]);
        Assert.Equal(1, harness.Metrics["tests_skipped"]);
        // go prints "coverage: 25.0% of statements": Add is one statement of four.
        Assert.Contains("coverage: 25.0% of statements", harness.Output);
        Assert.Equal(25, harness.Metrics["coverage"]);
        Assert.Contains("bad sum", harness.Output);
        Assert.DoesNotContain("\"Action\"", harness.Output);
    }
}
