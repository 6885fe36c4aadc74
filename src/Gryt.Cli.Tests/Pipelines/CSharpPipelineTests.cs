namespace Gryt.Cli.Tests.Pipelines;

[Trait("Category", "Slow")]
public sealed class CSharpPipelineTests
{
    [Fact]
    public void A_csharp_pipeline_file_is_described_run_and_recorded_like_a_yaml_one()
    {
        using var project = new PipelineCliProject();
        var library = Path.Combine(PipelineCliProject.RepositoryRoot(), "src", "Gryt", "Gryt.csproj");
        project.Write("cspipe.cs", $$"""
            #:project {{library}}
            using Gryt;

            var build = new CommandStep("build", "echo building && echo '::gryt metric size=42'", description: "Build it");
            var test = new CommandStep("test", "exit 5") { Needs = ["build"] };
            var pipeline = new Pipeline("cspipe", [build, test]) { ParallelRunners = 2 };
            return await PipelineHost.RunAsync(pipeline, args);
            """);

        var show = project.Gryt("pipeline", "show", "cspipe");
        Assert.True(show.Exit == 0, show.Err + show.Out);
        Assert.Contains("Build it", show.Out);

        var run = project.Gryt("run", "cspipe", "--no-evolution");
        Assert.Equal(1, run.Exit);
        Assert.Contains("✓ build", run.Out);
        Assert.Contains("✗ test (exit 5", run.Out);

        var steps = project.Gryt("db", "query", "SELECT r.pipeline_name, r.status AS run_status, s.step_name, s.status, m.metric_value FROM pipeline_runs r JOIN step_runs s ON s.run_id = r.run_id LEFT JOIN data_rows m ON m.run_id = r.run_id AND m.step_name = s.step_name ORDER BY s.step_name");
        Assert.Equal(0, steps.Exit);
        Assert.Matches(@"cspipe\s+fail\s+build\s+pass\s+42", steps.Out);
        Assert.Matches(@"cspipe\s+fail\s+test\s+fail", steps.Out);
    }

    [Fact]
    public void A_csharp_pipelines_show_and_dry_run_print_each_built_in_steps_command_and_mark_custom_steps()
    {
        using var project = new PipelineCliProject();
        var library = Path.Combine(PipelineCliProject.RepositoryRoot(), "src", "Gryt", "Gryt.csproj");
        project.Write("csplan.cs", $$"""
            #:project {{library}}
            using Gryt;

            var build = new DotnetBuildStep("build") { Project = "App.slnx", Args = ["--no-restore", "-v", "q"], WorkingDirectory = "src" };
            var notify = Step.Run("notify", _ => { });
            return await PipelineHost.RunAsync(new Pipeline("csplan", [build, notify]), args);
            """);

        var show = project.Gryt("pipeline", "show", "csplan");
        Assert.True(show.Exit == 0, show.Err + show.Out);
        Assert.Matches(@"build\s+\$ cd src && dotnet build App\.slnx --configuration Release --no-restore -v q\n", show.Out);
        Assert.Matches(@"notify\s+\(custom step\)", show.Out);

        var dryRun = project.Gryt("run", "csplan", "--dry-run");
        Assert.True(dryRun.Exit == 0, dryRun.Err + dryRun.Out);
        Assert.Contains("       $ cd src && dotnet build App.slnx --configuration Release --no-restore -v q\n", dryRun.Out, StringComparison.Ordinal);
        Assert.Contains("       (custom step)\n", dryRun.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_csharp_pipeline_that_does_not_build_is_bad_input()
    {
        using var project = new PipelineCliProject();
        var library = Path.Combine(PipelineCliProject.RepositoryRoot(), "src", "Gryt", "Gryt.csproj");
        project.Write("broken.cs", $"#:project {library}\nusing Gryt;\nthis is not C#\n");

        var (exit, _, error) = project.Gryt("pipeline", "validate", "broken");

        Assert.Equal(2, exit);
        Assert.Contains("does not build", error);
    }

    /// <summary>
    /// Recording a run and promoting write to the database, so they take <c>SqliteData</c>: another
    /// <c>IData</c> (read-only, fine for gates) is refused by the compiler instead of being silently not recorded.
    /// </summary>
    [Theory]
    [InlineData("await new Pipeline(\"p\", [new CommandStep(\"s\", \"true\")]).ExecuteAsync(new ProcessRuntime(), new ReadOnlyData());")]
    [InlineData("await Generation.Load(new ReadOnlyData(), \"v1.0.0\").PromoteAsync(new ReadOnlyData());")]
    public void Writing_through_an_IData_that_is_not_the_database_does_not_compile(string statement)
    {
        using var project = new PipelineCliProject();
        var library = Path.Combine(PipelineCliProject.RepositoryRoot(), "src", "Gryt", "Gryt.csproj");
        project.Write("refused.cs", $$"""
            #:project {{library}}
            using Gryt;

            {{statement}}
            return await PipelineHost.RunAsync(new Pipeline("refused", [new CommandStep("s", "true")]), args);

            sealed class ReadOnlyData : IData
            {
                public IReadOnlyList<IReadOnlyDictionary<string, object?>> Query(string sql, params object?[] args) => [];
            }
            """);

        var (exit, _, error) = project.Gryt("pipeline", "validate", "refused");

        Assert.Equal(2, exit);
        Assert.Contains("does not build", error);
        Assert.Matches(@"CS1503.*'ReadOnlyData' to 'Gryt\.SqliteData", error);
    }
}
