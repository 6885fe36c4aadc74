using Gryt.Cli.Tests.Commands.New;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary><c>gryt init</c> writes a pipeline of the built-in steps of the project it finds, and the echo example where it finds none.</summary>
public sealed class InitStarterPipelineTests : IDisposable
{
    private readonly GitRepository _repo = new();

    public void Dispose() => _repo.Dispose();

    private string Pipeline(string name) => Path.Combine(_repo.Root, ".gryt", "pipelines", name);

    [Theory]
    [InlineData("App.csproj", "dotnet-test", ".NET project App.csproj")]
    [InlineData("package.json", "npm-test", "Node.js project")]
    [InlineData("go.mod", "go-test", "Go project")]
    [InlineData("Cargo.toml", "cargo-test", "Rust project")]
    [InlineData("pyproject.toml", "pytest", "Python project")]
    public void Init_writes_the_starter_pipeline_of_the_project_it_finds(string marker, string testStep, string said)
    {
        File.WriteAllText(Path.Combine(_repo.Root, marker), "");
        var gryt = new CliRunner(_repo.Root);

        var init = gryt.Ok("init");

        Assert.Contains($"pipeline: .gryt/pipelines/ci.yaml for the {said}; try it: gryt run ci", init.Out, StringComparison.Ordinal);
        Assert.False(File.Exists(Pipeline("example.yaml")));
        Assert.Contains("uses: " + testStep + "\n", File.ReadAllText(Pipeline("ci.yaml")), StringComparison.Ordinal);
        Assert.Contains(testStep, gryt.Ok("pipeline", "show", "ci").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solution_is_built_before_a_project_and_named_in_every_dotnet_step()
    {
        File.WriteAllText(Path.Combine(_repo.Root, "Shop.csproj"), "");
        File.WriteAllText(Path.Combine(_repo.Root, "Shop's.slnx"), "");
        var gryt = new CliRunner(_repo.Root);

        gryt.Ok("init");

        Assert.Equal(3, File.ReadAllText(Pipeline("ci.yaml")).Split("project: 'Shop''s.slnx'\n").Length - 1);
        Assert.Contains("dotnet-restore", gryt.Ok("pipeline", "show", "ci").Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "coverlet.MTP", true)]
    [InlineData(true, "coverlet.MTP", true)]
    [InlineData(true, "Microsoft.Testing.Extensions.TrxReport", false)]
    public void The_dotnet_starter_collects_coverage_unless_mtp_has_no_coverage_extension(bool testingPlatform, string package, bool coverage)
    {
        if (testingPlatform) File.WriteAllText(Path.Combine(_repo.Root, "global.json"), """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        File.WriteAllText(Path.Combine(_repo.Root, "Shop.Tests.csproj"), $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup><PackageReference Include="xunit.v3.mtp-v2" /><PackageReference Include="{package}" /></ItemGroup></Project>""");
        var gryt = new CliRunner(_repo.Root);

        gryt.Ok("init");

        var pipeline = File.ReadAllText(Pipeline("ci.yaml"));
        Assert.Equal(coverage, pipeline.Contains("      collect_coverage: true\n    needs: [build]\n", StringComparison.Ordinal));
        Assert.Equal(!coverage, pipeline.Contains("add the package coverlet.MTP to the test projects", StringComparison.Ordinal));
        gryt.Ok("pipeline", "validate", "ci");
    }

    [Fact]
    public void A_folder_with_no_project_gryt_knows_gets_the_echo_example_and_repair_restores_the_starter()
    {
        var gryt = new CliRunner(_repo.Root);

        gryt.Ok("init");
        Assert.True(File.Exists(Pipeline("example.yaml")));
        Assert.False(File.Exists(Pipeline("ci.yaml")));

        File.WriteAllText(Path.Combine(_repo.Root, "go.mod"), "module example.com/shop\n");
        var repair = gryt.Ok("init", "--force");
        Assert.Contains("restored .gryt/pipelines/ci.yaml", repair.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("node --test", true)]
    [InlineData("tsc -p . && node --test --experimental-test-coverage", true)]
    [InlineData("node --test test/", false)]
    [InlineData("jest", false)]
    public void A_node_package_whose_tests_run_on_node_test_gets_nodes_junit_reporter(string script, bool reporter)
    {
        File.WriteAllText(Path.Combine(_repo.Root, "package.json"), $$"""{ "name": "shop", "scripts": { "test": "{{script}}" } }""");
        var gryt = new CliRunner(_repo.Root);

        gryt.Ok("init");

        var pipeline = File.ReadAllText(Pipeline("ci.yaml"));
        Assert.Equal(reporter, pipeline.Contains("    with:\n      node_test_reporter: true\n", StringComparison.Ordinal));
        Assert.Equal(!reporter, pipeline.Contains("# Test metrics:", StringComparison.Ordinal));
        gryt.Ok("pipeline", "validate", "ci");
    }

    [TemplateToolFact("npm")]
    [Trait("Category", "Slow")]
    public void The_node_starter_pipeline_records_the_tests_of_node_test()
    {
        File.WriteAllText(Path.Combine(_repo.Root, "package.json"), """{ "name": "shop", "version": "1.0.0", "private": true, "scripts": { "test": "node --test" } }""");
        File.WriteAllText(Path.Combine(_repo.Root, "add.test.js"), """
            const test = require('node:test');
            const assert = require('node:assert');
            test('adds', () => assert.strictEqual(1 + 2, 3));
            test('adds negatives', () => assert.strictEqual(-1 + -2, -3));
            test('later', { skip: 'not today' }, () => {});
            """);
        var gryt = new CliRunner(_repo.Root);
        gryt.Ok("init");

        gryt.Ok("run", "ci", "--no-evolution");

        var metrics = gryt.Ok("db", "query", "SELECT metric_name, metric_value FROM data_rows WHERE step_name = 'test' AND metric_name LIKE 'tests_%' ORDER BY metric_name").Out;
        Assert.Matches(@"tests_failed\W+0(\.0)?\W", metrics);
        Assert.Matches(@"tests_skipped\W+1(\.0)?\W", metrics);
        Assert.Matches(@"tests_total\W+3(\.0)?\W", metrics);
    }

    [TemplateToolFact("go")]
    [Trait("Category", "Slow")]
    public void The_go_starter_pipeline_passes_on_a_real_module()
    {
        File.WriteAllText(Path.Combine(_repo.Root, "go.mod"), "module example.com/shop\n\ngo 1.19\n");
        File.WriteAllText(Path.Combine(_repo.Root, "shop.go"), "package shop\n\nfunc Add(a, b int) int { return a + b }\n");
        File.WriteAllText(Path.Combine(_repo.Root, "shop_test.go"), "package shop\n\nimport \"testing\"\n\nfunc TestAdd(t *testing.T) {\n\tif Add(2, 3) != 5 {\n\t\tt.Fatal(\"2+3\")\n\t}\n}\n");
        var gryt = new CliRunner(_repo.Root);
        gryt.Ok("init");

        var run = gryt.Ok("run", "ci", "--no-evolution");

        Assert.Contains("test", run.Out, StringComparison.Ordinal);
        Assert.Contains("ok  \texample.com/shop", File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(_repo.Root, ".gryt", "logs"), "test.log", SearchOption.AllDirectories))), StringComparison.Ordinal);
    }
}
