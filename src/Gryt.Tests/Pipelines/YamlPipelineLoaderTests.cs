using Gryt.Pipelines.Loading;
using Gryt.Yaml;

namespace Gryt.Tests.Pipelines;

public sealed class YamlPipelineLoaderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gryt-yaml-" + Guid.NewGuid().ToString("N")[..12]);

    public YamlPipelineLoaderTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private Pipeline Load(string name, string yaml, Func<string, string?>? variable = null, VariableMode mode = VariableMode.Require)
    {
        var path = Path.Combine(_folder, name + ".yaml");
        File.WriteAllText(path, yaml);
        return YamlPipelineLoader.Load(path, name + ".yaml", variable ?? (_ => null), mode);
    }

    private InvalidFileException Refused(string name, string yaml) =>
        Assert.Throws<InvalidFileException>(() => Load(name, yaml));

    [Fact]
    public void Every_key_of_the_format_is_read()
    {
        var pipeline = Load("release", """
            name: release
            description: Build and test
            parallel_runners: 2
            fail_fast: false
            env: { DOTNET_NOLOGO: "1", LEVEL: 3 }
            secrets: [NUGET_API_KEY]
            steps:
              - name: test
                run: dotnet test
                description: Run unit tests
                needs: [build]
                timeout: 10m
                retries: 1
                cwd: src
                env: { A: "1" }
                continue_on_error: true
                reports: [results.xml]
              - name: build
                run: dotnet build
                timeout: 1h30m
            """);

        Assert.Equal(("release", "Build and test", 2, false), (pipeline.Name, pipeline.Description, pipeline.ParallelRunners, pipeline.FailFast));
        Assert.Equal("3", pipeline.Environment["LEVEL"]);
        Assert.Equal(["NUGET_API_KEY"], pipeline.Secrets);
        var test = Assert.IsType<CommandStep>(pipeline.Steps[0]);
        Assert.Equal("dotnet test", test.Command);
        Assert.Equal(["build"], test.Needs);
        Assert.Equal(TimeSpan.FromMinutes(10), test.Timeout);
        Assert.Equal((1, "src", true), (test.Retries, test.WorkingDirectory, test.ContinueOnError));
        Assert.Equal("1", test.Environment["A"]);
        Assert.Equal(["results.xml"], test.Reports);
        Assert.Equal(TimeSpan.FromMinutes(90), pipeline.Steps[1].Timeout);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("30s", 30_000)]
    [InlineData("10m", 600_000)]
    [InlineData("1h", 3_600_000)]
    public void Timeouts_take_units(string text, int milliseconds)
    {
        Assert.True(Durations.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
    }

    [Fact]
    public void An_unknown_key_is_refused_at_its_position()
    {
        var ex = Refused("p", "name: p\nsteps:\n  - name: a\n    run: 'true'\n    timout: 5s\n");
        Assert.Equal((5, 5), (ex.Line, ex.Column));
        Assert.Contains("unknown key 'timout'", ex.Message);
        Assert.StartsWith("p.yaml:5:5: ", ex.Message);
    }

    [Fact]
    public void Wrong_types_and_bad_values_are_refused()
    {
        Assert.Contains("whole number", Refused("p", "steps:\n  - { name: a, run: x, retries: many }\n").Message);
        Assert.Contains("duration", Refused("p", "steps:\n  - { name: a, run: x, timeout: soon }\n").Message);
        Assert.Contains("true or false", Refused("p", "fail_fast: maybe\nsteps:\n  - { name: a, run: x }\n").Message);
        Assert.Contains("between 1", Refused("p", "parallel_runners: 0\nsteps:\n  - { name: a, run: x }\n").Message);
        Assert.Contains("must be a list", Refused("p", "steps: build\n").Message);
        Assert.Contains("at least one step", Refused("p", "steps: []\n").Message);
    }

    [Fact]
    public void Graph_problems_name_the_line_of_the_offending_step_or_need()
    {
        var duplicate = Refused("dup", "name: dup\nsteps:\n  - { name: x, run: 'true' }\n  - { name: x, run: 'true' }\n");
        Assert.Equal(4, duplicate.Line);
        Assert.Contains("duplicate step name 'x'", duplicate.Message);

        var unknown = Refused("u", "steps:\n  - name: a\n    run: 'true'\n    needs: [b]\n");
        Assert.Equal(4, unknown.Line);
        Assert.Contains("'b'", unknown.Message);

        var cycle = Refused("cycle", "steps:\n  - { name: a, run: 'true', needs: [b] }\n  - { name: b, run: 'true', needs: [a] }\n");
        Assert.Contains("dependency cycle: a -> b -> a", cycle.Message);
    }

    [Fact]
    public void Run_and_uses_are_exclusive_and_one_is_required()
    {
        Assert.Contains("both 'run' and 'uses'", Refused("p", "steps:\n  - { name: a, run: x, uses: dotnet-build }\n").Message);
        Assert.Contains("needs 'run'", Refused("p", "steps:\n  - { name: a }\n").Message);
        Assert.Contains("only goes with 'uses'", Refused("p", "steps:\n  - { name: a, run: x, with: { a: 1 } }\n").Message);
    }

    [Fact]
    public void Args_of_a_built_in_step_are_one_list_and_any_other_shape_names_its_step_and_line()
    {
        var step = (ToolStep)((ConfiguredStep)Load("a", "steps:\n  - name: b\n    uses: dotnet-build\n    with:\n      args: [\"--no-restore\", \"-v\", \"q\"]\n").Steps[0]).Inner;
        Assert.Equal(["--no-restore", "-v", "q"], step.Args);

        var ex = Refused("a", "steps:\n  - name: b\n    uses: dotnet-build\n    with:\n      args: { v: q }\n");
        Assert.Equal((5, 13), (ex.Line, ex.Column));
        Assert.EndsWith("step 'b' (dotnet-build): option 'args' must be a string or a list of strings, not a mapping", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);

        var unknown = Refused("a", "steps:\n  - name: b\n    uses: dotnet-build\n    with:\n      project: a.csproj\n      argz: [x]\n");
        Assert.Equal(6, unknown.Line);
        Assert.Contains("unknown option 'argz' (allowed: configuration, project, no_restore, framework, args)", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_built_in_step_is_named_with_its_position()
    {
        var ex = Refused("nouse", "name: nouse\nsteps:\n  - name: x\n    uses: no-such-step\n");
        Assert.Equal((4, 11), (ex.Line, ex.Column));
        Assert.Contains("no-such-step", ex.Message);
    }

    [Fact]
    public void The_name_must_match_the_file_name_and_defaults_to_it()
    {
        Assert.Contains("must match the file name", Refused("real", "name: other\nsteps:\n  - { name: a, run: x }\n").Message);
        Assert.Equal("unnamed", Load("unnamed", "steps:\n  - { name: a, run: x }\n").Name);
    }

    [Fact]
    public void Malformed_yaml_names_the_line()
    {
        var ex = Refused("broken", "name: broken\nsteps:\n  - name: x\n    run: [unclosed\n");
        Assert.StartsWith("broken.yaml:", ex.Message);
    }

    [Fact]
    public void Every_hook_event_name_of_a_pipeline_file_is_a_typed_event()
    {
        string[] names = ["pipeline_start", "pipeline_end", "pipeline_success", "pipeline_fail", "step_start", "step_end",
            "step_success", "step_fail", "evolution_pass", "evolution_fail", "generation_promoted"];
        var yaml = "steps:\n  - { name: a, run: x }\nhooks:\n" + string.Concat(names.Select(n => $"  {n}: [print]\n"));

        var pipeline = Load("h", yaml);

        Assert.Equal(Enum.GetValues<PipelineEvent>(), pipeline.Hooks.Keys);
        Assert.All(pipeline.Hooks.Values, destinations => Assert.IsType<PrintHook>(Assert.Single(destinations)));
    }

    [Fact]
    public void Unknown_hook_events_and_destination_kinds_are_refused_at_their_position()
    {
        var badEvent = Refused("h", "steps:\n  - { name: a, run: x }\nhooks:\n  on_fire: [print]\n");
        Assert.Contains("unknown hook event 'on_fire'", badEvent.Message);

        var badKind = Refused("h", "steps:\n  - { name: a, run: x }\nhooks:\n  pipeline_fail:\n    - carrier_pigeon: { to: me }\n");
        Assert.Equal(5, badKind.Line);
        Assert.Contains("carrier_pigeon", badKind.Message);

        var twoKinds = Refused("h", "steps:\n  - { name: a, run: x }\ndestinations:\n  - { webhook: { url: x }, slack: { webhook_url: y } }\n");
        Assert.Contains("one destination kind", twoKinds.Message);
    }

    [Fact]
    public void An_unset_variable_in_hook_options_is_an_error_when_running_but_kept_when_inspecting()
    {
        // Whether 'slack' is known depends on the destination registry; the variable check comes first either way.
        const string Yaml = "steps:\n  - { name: a, run: x }\nhooks:\n  pipeline_fail:\n    - slack: { webhook_url: \"${GRYT_TEST_UNSET_HOOK}\" }\n";
        var running = Refused("v", Yaml);
        Assert.Contains("${GRYT_TEST_UNSET_HOOK}", running.Message);
        Assert.Contains("not set", running.Message);

        var inspecting = Record.Exception(() => Load("v", Yaml, mode: VariableMode.Keep));
        Assert.DoesNotContain("not set", inspecting?.Message ?? "", StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("99999999999h", "is longer than the longest timeout gryt can wait (1000h)")]
    [InlineData("2000h", "is longer than the longest timeout gryt can wait (1000h)")]
    [InlineData("999h60m1s", "is longer than the longest timeout gryt can wait (1000h)")]
    [InlineData("99999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999ms", "is longer than")]
    [InlineData("0s", "must be longer than zero")]
    public void A_step_timeout_out_of_range_is_refused_at_its_line(string timeout, string problem)
    {
        var ex = Refused("p", $"name: p\nsteps:\n  - name: a\n    run: 'true'\n    timeout: {timeout}\n");

        Assert.Equal((5, 14), (ex.Line, ex.Column));
        Assert.Contains($"'timeout' of step 1 '{timeout}' {problem}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_longest_timeout_is_accepted()
    {
        Assert.True(Durations.TryParse("1000h", out var duration));
        Assert.Equal(Durations.Max, duration);
        Assert.Equal(TimeSpan.FromHours(1000), Load("p", "steps:\n  - { name: a, run: x, timeout: 999h60m }\n").Steps[0].Timeout);
    }

    [Theory]
    [InlineData("99999999999h")]
    [InlineData("2000h")]
    [InlineData("1e300")]
    [InlineData("-5")]
    public void A_hook_timeout_out_of_range_is_refused_at_its_line(string timeout)
    {
        var ex = Refused("h", $"steps:\n  - {{ name: a, run: x }}\nhooks:\n  pipeline_fail:\n    - command: {{ command: 'true', timeout: {timeout} }}\n");

        Assert.Equal(5, ex.Line);
        Assert.Contains("'timeout' must be a positive duration up to 1000h", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_required_is_read_for_run_and_uses_steps_and_must_be_a_boolean()
    {
        var pipeline = Load("req", """
            steps:
              - { name: a, run: "echo a", reports: ["out/**/*.xml", "TestResults/"], reports_required: true }
              - { name: b, uses: go-test, reports: [junit.xml], reports_required: true }
              - { name: c, run: "echo c", reports: [x.xml] }
            """);

        Assert.Equal(["out/**/*.xml", "TestResults/"], pipeline.Steps[0].Reports);
        Assert.True(pipeline.Steps[0].ReportsRequired);
        Assert.True(pipeline.Steps[1].ReportsRequired);
        Assert.False(pipeline.Steps[2].ReportsRequired);
        var error = Refused("bad", """
            steps:
              - { name: a, run: "echo a", reports_required: maybe }
            """);
        Assert.Contains("bad.yaml:2:", error.Message, StringComparison.Ordinal);
    }
}
