using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Pipelines;

/// <summary>What <c>pipeline list</c>, <c>validate</c> and <c>run</c> make of pipelines the docs allow.</summary>
public sealed class PipelineInspectionTests : IDisposable
{
    private readonly CliProject _project = new();

    public void Dispose() => _project.Dispose();

    private void Write(string name, string yaml) => File.WriteAllText(Path.Combine(_project.Root, ".gryt", "pipelines", name + ".yaml"), yaml);

    [Fact]
    public void A_uses_step_without_a_name_is_named_by_its_uses_word()
    {
        Write("tests", "steps:\n  - uses: dotnet-test\n  - name: after\n    run: \"true\"\n    needs: dotnet-test\n");

        Assert.Contains("is valid: 2 steps", _project.Gryt.Ok("pipeline", "validate", "tests").Out, StringComparison.Ordinal);
        var dryRun = _project.Gryt.Ok("run", "tests", "--dry-run").Out;
        Assert.Contains("1. dotnet-test  uses: dotnet-test", dryRun, StringComparison.Ordinal);
    }

    [Fact]
    public void A_step_with_run_still_needs_a_name()
    {
        Write("anonymous", "steps:\n  - run: \"true\"\n");

        var result = _project.Gryt.Run("pipeline", "validate", "anonymous");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("anonymous.yaml:2:5: step 1 is missing the required key 'name'", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unset_variable_in_a_destination_is_reported_when_running_not_when_listing_or_validating()
    {
        Write("deploy", """
            steps:
              - name: a
                run: "true"
            destinations:
              - webhook: { url: "${GRYT_TEST_HOOK_URL}" }
            hooks:
              pipeline_fail:
                - slack: { webhook_url: "${GRYT_TEST_SLACK_URL}" }
            """);

        Assert.Contains("is valid: 1 step", _project.Gryt.Ok("pipeline", "validate", "deploy").Out, StringComparison.Ordinal);
        Assert.Matches(@"deploy\s+yaml\s+1\s+-", _project.Gryt.Ok("pipeline", "list").Out);
        _project.Gryt.Ok("pipeline", "show", "deploy");

        var run = _project.Gryt.Run("run", "deploy", "--no-evolution");
        Assert.Equal(2, run.ExitCode);
        Assert.Matches(@"^gryt: error: \.gryt/pipelines/deploy\.yaml:8:\d+: 'webhook_url' .* uses \$\{GRYT_TEST_SLACK_URL\}, which is not set in the environment", run.Err);
    }

    [Fact]
    public void A_variable_that_is_set_to_a_bad_value_is_still_invalid_when_validating()
    {
        Write("deploy", "steps:\n  - name: a\n    run: \"true\"\ndestinations:\n  - webhook: { url: \"${GRYT_TEST_HOOK_URL}\" }\n");
        _project.Gryt.Variables["GRYT_TEST_HOOK_URL"] = "ftp://nowhere";

        var result = _project.Gryt.Run("pipeline", "validate", "deploy");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("must be an http:// or https:// URL", result.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pipeline_description_with_a_bidi_override_is_refused()
    {
        Write("sneaky", "description: \"build \\u202Etset\"\nsteps:\n  - name: a\n    run: \"true\"\n");

        var result = _project.Gryt.Run("pipeline", "validate", "sneaky");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("sneaky.yaml:1:14: the description contains a control character (U+202E)", result.Err, StringComparison.Ordinal);
    }

    private const string CommandsPipeline = """
        secrets: [DEPLOY_TOKEN]
        env: { DEPLOY_TOKEN: "tok-123456" }
        steps:
          - name: build
            uses: dotnet-build
            with: { project: App.slnx, args: ["--no-restore", "-v", "q", "; rm -rf /"] }
          - name: test
            uses: dotnet-test
            needs: build
            cwd: src/my app
            with: { no_build: true, filter: "Category!=Slow", args: "--blame -p:Key=tok-123456" }
          - name: image
            uses: container-build
            with: { image: ghcr.io/o/app, tag: "1.0", push: true }
          - name: coverage
            uses: dotnet-test
            with: { coverage_exclude: ["[*]Gen.*"] }
          - name: hello
            run: echo hi
            cwd: tools
        """;

    private string Shown(string output) =>
        output.Replace(_project.Root, "<root>", StringComparison.Ordinal).Replace(ToolInvocation.PreviewScratch, "<scratch>", StringComparison.Ordinal);

    [Fact]
    public void Pipeline_show_prints_the_exact_command_of_each_step_with_its_folder_and_secrets_masked()
    {
        Write("commands", CommandsPipeline);

        Golden.Verify("pipeline-show-commands", Shown(_project.Gryt.Ok("pipeline", "show", "commands").Out));
    }

    [Fact]
    public void Run_dry_run_prints_the_exact_commands_in_order_and_runs_nothing()
    {
        Write("commands", CommandsPipeline);

        Golden.Verify("run-dry-run-commands", Shown(_project.Gryt.Ok("run", "commands", "--dry-run").Out));
        Assert.False(Directory.Exists(Path.Combine(_project.Root, "src", "my app", "TestResults")));
    }

    [Fact]
    public void Pipeline_show_json_carries_each_commands_argument_list_and_display()
    {
        Write("commands", CommandsPipeline);

        using var json = System.Text.Json.JsonDocument.Parse(_project.Gryt.Ok("pipeline", "show", "commands", "--json").Out);
        var steps = json.RootElement.GetProperty("pipeline").GetProperty("steps");
        var build = steps[0].GetProperty("commands")[0];
        Assert.Equal(["dotnet", "build", "App.slnx", "--configuration", "Release", "--no-restore", "-v", "q", "; rm -rf /"],
            build.GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("dotnet build App.slnx --configuration Release --no-restore -v q '; rm -rf /'", build.GetProperty("display").GetString());
        Assert.Contains("-p:Key=***", steps[1].GetProperty("commands")[0].GetProperty("argv").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(2, steps[2].GetProperty("commands").GetArrayLength());
        Assert.Equal(0, steps[3].GetProperty("commands").GetArrayLength());
        Assert.Contains("coverage_include and coverage_exclude need collect_coverage", steps[3].GetProperty("command_error").GetString(), StringComparison.Ordinal);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, steps[4].GetProperty("commands").ValueKind);
        Assert.False(steps[4].GetProperty("custom").GetBoolean());
    }
}
