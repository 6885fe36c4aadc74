using System.Globalization;
using Gryt.Evolutions;
using Gryt.Pipelines.Loading;
using Gryt.Storage;
using Gryt.Tests.Evolutions;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

/// <summary>Issue 14: what a step produced is recorded with its size and SHA-256, from <c>artifacts:</c> and <c>ctx.RecordArtifact</c>.</summary>
public sealed class ArtifactTests
{
    // SHA-256 of "app 1.0\n", as sha256sum prints it.
    private const string AppDigest = "ccbcc0a1ec5969256f4adb0952d8b6650d83a13014b4770e5f3d3cf389f7fc51";

    private static string Digest(string text) => Sha256.Of(text);

    private static Pipeline Yaml(PipelineTestProject project, string yaml)
    {
        var path = project.PathOf(".gryt/pipelines/build.yaml");
        File.WriteAllText(path, yaml);
        return YamlPipelineLoader.Load(path, ".gryt/pipelines/build.yaml", _ => null, VariableMode.Require);
    }

    private static List<(string Path, long? Size, string? Sha, string? Source)> Artifacts(PipelineTestProject project, string runId) =>
        [.. project.Query("SELECT artifact_path, artifact_size, artifact_sha256, source FROM data_rows WHERE run_id = ? AND artifact_path IS NOT NULL ORDER BY artifact_path", runId)
            .Select(r => ((string)r["artifact_path"]!, r["artifact_size"] is null ? (long?)null : Convert.ToInt64(r["artifact_size"], CultureInfo.InvariantCulture),
                r["artifact_sha256"] as string, r["source"] as string))];

    [Fact]
    public async Task Artifacts_globs_of_a_passed_step_are_recorded_relative_to_the_repository_with_size_and_sha256()
    {
        using var project = new PipelineTestProject();
        var pipeline = Yaml(project, """
            steps:
              - name: package
                cwd: app
                run: mkdir -p dist/sub && printf 'app 1.0\n' > dist/app.tar.gz && printf '' > dist/sub/empty.bin && printf 'x' > dist/notes.txt
                artifacts: ["dist/*.tar.gz", "dist/**/*.bin", dist/app.tar.gz]
            """);
        Directory.CreateDirectory(project.PathOf("app"));

        var result = await project.RunAsync(pipeline);

        Assert.Equal(StepStatus.Pass, result.Steps[0].Status);
        Assert.Empty(result.Steps[0].Warnings);
        // app.tar.gz is matched twice and recorded once; notes.txt is matched by no entry.
        Assert.Equal(
            [("app/dist/app.tar.gz", 8L, Digest("app 1.0\n"), "artifacts"), ("app/dist/sub/empty.bin", 0L, Digest(""), "artifacts")],
            Artifacts(project, result.RunId));
        Assert.Equal(AppDigest, Digest("app 1.0\n"));
    }

    [Fact]
    public async Task A_pattern_that_matches_nothing_is_a_warning_and_the_step_still_passes()
    {
        using var project = new PipelineTestProject();
        var pipeline = Yaml(project, """
            steps:
              - name: package
                run: mkdir -p dist && printf 'app 1.0\n' > dist/app.tar.gz
                artifacts: [dist/app.tar.gz, "dist/*.whl"]
            """);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(StepStatus.Pass, result.Steps[0].Status);
        Assert.Equal(["artifact dist/*.whl matched no file in the repository root"], result.Steps[0].Warnings);
        Assert.Equal(["dist/app.tar.gz"], Artifacts(project, result.RunId).Select(a => a.Path));
        Assert.Contains("artifact dist/*.whl matched no file", File.ReadAllText(result.Steps[0].LogPath!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failed_step_records_none_of_its_artifacts()
    {
        using var project = new PipelineTestProject();
        var pipeline = Yaml(project, """
            steps:
              - name: package
                run: mkdir -p dist && printf 'half\n' > dist/app.tar.gz && exit 3
                artifacts: ["dist/*"]
            """);

        var result = await project.RunAsync(pipeline);

        Assert.Equal(StepStatus.Fail, result.Steps[0].Status);
        Assert.Empty(Artifacts(project, result.RunId));
    }

    [Fact]
    public async Task A_steps_artifacts_commit_with_its_end_however_many_there_are()
    {
        async Task<(int Commits, int Rows)> RunAsync(int files, bool api)
        {
            using var project = new PipelineTestProject();
            var pipeline = api
                ? new Pipeline("build", [Step.Run("package", ctx =>
                {
                    Directory.CreateDirectory(Path.Combine(ctx.WorkingDirectory, "dist"));
                    for (var i = 0; i < files; i++)
                    {
                        File.WriteAllText(Path.Combine(ctx.WorkingDirectory, "dist", $"f{i}.bin"), i.ToString(CultureInfo.InvariantCulture));
                        ctx.RecordArtifact($"dist/f{i}.bin");
                    }
                }), new CommandStep("after", "true") { Needs = ["package"] }])
                : Yaml(project, $$"""
                    steps:
                      - name: package
                        run: mkdir -p dist && for i in $(seq 1 {{files}}); do echo $i > dist/f$i.bin; done
                        artifacts: ["dist/*.bin"]
                      - name: after
                        needs: [package]
                        run: "true"
                    """);
            var commits = 0;
            SQLitePCL.raw.sqlite3_commit_hook(project.Data.Database.Connection.Handle, _ => { Interlocked.Increment(ref commits); return 0; }, null);
            var result = await project.RunAsync(pipeline);
            SQLitePCL.raw.sqlite3_commit_hook(project.Data.Database.Connection.Handle, null, null);
            Assert.True(result.Status == RunStatus.Pass, string.Join("; ", result.Steps.Select(s => s.Message)));
            return (commits, Artifacts(project, result.RunId).Count);
        }

        foreach (var api in new[] { false, true })
        {
            var one = await RunAsync(1, api);
            var many = await RunAsync(40, api);

            Assert.Equal((1, 40), (one.Rows, many.Rows));
            // Not a commit an artifact: the rows go in with the step's end.
            Assert.Equal(one.Commits, many.Commits);
        }
    }

    [Fact]
    public async Task RecordArtifact_records_the_file_as_it_is_then_and_a_missing_file_fails_the_step()
    {
        using var project = new PipelineTestProject();
        var package = Step.Run("package", async ctx =>
        {
            Directory.CreateDirectory(Path.Combine(ctx.WorkingDirectory, "bin"));
            await File.WriteAllTextAsync(Path.Combine(ctx.WorkingDirectory, "bin", "app.txt"), "app\n", ctx.CancellationToken);
            ctx.RecordArtifact("bin/app.txt");
        }, workingDirectory: "src");
        var missing = Step.Run("missing", ctx => ctx.RecordArtifact("bin/never.txt"));
        Directory.CreateDirectory(project.PathOf("src"));

        var result = await project.RunAsync(new Pipeline("build", [package, missing]) { FailFast = false });

        Assert.Equal(StepStatus.Pass, result.Steps[0].Status);
        Assert.Equal([("src/bin/app.txt", 4L, Digest("app\n"), "api")], Artifacts(project, result.RunId));
        Assert.Equal(StepStatus.Fail, result.Steps[1].Status);
        Assert.Equal("artifact bin/never.txt does not exist", result.Steps[1].Message);
    }

    [Theory]
    [InlineData("artifacts: /tmp/out.bin", 4, "must be a list, not")]
    [InlineData("artifacts: [/tmp/out.bin]", 4, "artifact '/tmp/out.bin' must be relative to the step's working directory")]
    [InlineData("artifacts: [\"\"]", 4, "an artifact pattern is empty")]
    [InlineData("artifact: [dist/*]", 4, "artifact")]
    public void Bad_artifacts_are_an_error_naming_file_and_line(string line, int lineNumber, string message)
    {
        using var project = new PipelineTestProject(git: false);
        var error = Assert.Throws<InvalidFileException>(() => Yaml(project, "steps:\n  - name: package\n    run: make\n    " + line + "\n"));

        Assert.StartsWith($".gryt/pipelines/build.yaml:{lineNumber}:", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForGeneration_lists_the_artifacts_of_passing_evolutions_with_their_rc_tags()
    {
        using var repo = new ReleaseRepository();
        repo.Declare("v1.0.0", null, ("FEAT-1", "add"));
        var evolutions = new EvolutionService(repo.Project, repo.Database, repo.Context, repo.Tags);
        using var data = new SqliteData(repo.Database);

        async Task<Evolution> EvolveAsync(string content, bool pass)
        {
            var evolution = (await evolutions.StartAsync("v1.0.0", ["FEAT-1"], null, StepsOf.None)).Evolution;
            repo.Commit("work " + content);
            // The failing evolution's package step passes (its artifact is recorded); a later step fails the run.
            var package = new CommandStep("package", $"mkdir -p dist && printf '{content}' > dist/app.bin") { Artifacts = ["dist/*.bin"] };
            var check = new CommandStep("check", pass ? "true" : "false") { Needs = ["package"] };
            var options = new PipelineRunOptions { RepositoryRoot = repo.Root, LogsFolder = repo.Project.LogsFolder, EvolutionId = evolution.EvolutionId, GenerationId = evolution.GenerationId };
            var run = await new Pipeline("build", [package, check]).ExecuteAsync(new ProcessRuntime(), data, options);
            evolutions.BindRun(evolution);
            evolutions.Complete(evolution, pass ? RunStatus.Pass : RunStatus.Fail, run.RunId);
            return evolution;
        }

        var first = await EvolveAsync("one", pass: true);
        await EvolveAsync("two", pass: false);
        var third = await EvolveAsync("three", pass: true);

        var artifacts = new ArtifactStore(repo.Database).ForGeneration(first.GenerationId);

        Assert.Equal([(first.Tag, "dist/app.bin", 3L, Digest("one")), (third.Tag, "dist/app.bin", 5L, Digest("three"))],
            artifacts.Select(a => (a.Tag, a.Path, a.Size ?? -1, a.Sha256)));
        Assert.All(artifacts, a => Assert.Equal((40, "package", "artifacts"), (a.CommitSha!.Length, a.StepName, a.Source)));
    }
}
