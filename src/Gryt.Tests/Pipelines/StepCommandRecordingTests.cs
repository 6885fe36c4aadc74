using Gryt.Pipelines.Loading;

namespace Gryt.Tests.Pipelines;

/// <summary>Each step's command is recorded with its run (secrets masked), so exports show what was tested.</summary>
public sealed class StepCommandRecordingTests
{
    [Fact]
    public async Task A_run_records_each_steps_command_with_secrets_masked()
    {
        using var project = new PipelineTestProject();
        var path = project.PathOf(".gryt/pipelines/cmd.yaml");
        File.WriteAllText(path, """
            name: cmd
            secrets: [API_TOKEN]
            env:
              API_TOKEN: "s3cr3t-value"
            steps:
              - name: test
                run: echo testing --token s3cr3t-value
              - name: build
                uses: dotnet-build
                with: { project: nothing.csproj }
                continue_on_error: true
            """);
        var pipeline = YamlPipelineLoader.Load(path, "cmd.yaml", _ => null, VariableMode.Require);

        var result = await project.RunAsync(pipeline);

        var rows = project.Query("SELECT step_name, command FROM step_runs WHERE run_id = ? ORDER BY step_name", result.RunId);
        Assert.Equal("uses: dotnet-build", rows[0]["command"]);
        Assert.Equal("echo testing --token ***", rows[1]["command"]);
    }
}
