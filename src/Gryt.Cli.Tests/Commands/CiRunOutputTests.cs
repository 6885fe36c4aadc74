using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>gryt run under a CI service: each passing step's output folded the service's way, and the CI run's URL on the run.</summary>
public sealed class CiRunOutputTests : IDisposable
{
    private readonly CliProject _project = new();

    public CiRunOutputTests() =>
        File.WriteAllText(Path.Combine(_project.Root, ".gryt", "pipelines", "ci.yaml"),
            "steps:\n  - { name: build, run: 'echo compiled' }\n  - { name: test, run: 'echo tested', needs: [build] }\n");

    public void Dispose() => _project.Dispose();

    private string CiUrl()
    {
        using var json = JsonDocument.Parse(_project.Gryt.Ok("db", "query", "--json", "SELECT ci_url FROM pipeline_runs").Out);
        var value = json.RootElement.GetProperty("rows")[0].GetProperty("ci_url");
        return value.ValueKind == JsonValueKind.Null ? "(null)" : value.GetString()!;
    }

    [Fact]
    public void Under_github_actions_each_step_is_a_group_and_the_run_url_is_recorded()
    {
        _project.Gryt.Variables["GITHUB_ACTIONS"] = "true";
        _project.Gryt.Variables["GITHUB_SERVER_URL"] = "https://github.com";
        _project.Gryt.Variables["GITHUB_REPOSITORY"] = "acme/app";
        _project.Gryt.Variables["GITHUB_RUN_ID"] = "42";

        var output = _project.Gryt.Ok("run", "ci", "--no-evolution").Out;

        var lines = output.Split('\n');
        var group = Array.FindIndex(lines, l => l.StartsWith("::group::✓ build (", StringComparison.Ordinal));
        Assert.True(group >= 0, output);
        Assert.Equal("compiled", lines[group + 1]);
        Assert.Matches(@"^log: \.gryt/logs/[0-9a-f-]+/build\.log$", lines[group + 2]);
        Assert.Equal("::endgroup::", lines[group + 3]);
        Assert.Contains("::group::✓ test (", output, StringComparison.Ordinal);
        Assert.Equal("https://github.com/acme/app/actions/runs/42", CiUrl());
    }

    [Fact]
    public void Under_azure_pipelines_the_groups_use_its_commands()
    {
        _project.Gryt.Variables["TF_BUILD"] = "True";
        _project.Gryt.Variables["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/acme/";
        _project.Gryt.Variables["SYSTEM_TEAMPROJECT"] = "app";
        _project.Gryt.Variables["BUILD_BUILDID"] = "7";

        var output = _project.Gryt.Ok("run", "ci", "--no-evolution").Out;

        Assert.Contains("##[group]✓ build (", output, StringComparison.Ordinal);
        Assert.Contains("##[endgroup]", output, StringComparison.Ordinal);
        Assert.Equal("https://dev.azure.com/acme/app/_build/results?buildId=7", CiUrl());
    }

    [Fact]
    public void Outside_ci_the_output_is_unchanged_and_no_url_is_recorded()
    {
        var output = _project.Gryt.Ok("run", "ci", "--no-evolution").Out;

        Assert.DoesNotContain("::group::", output, StringComparison.Ordinal);
        Assert.DoesNotContain("compiled", output, StringComparison.Ordinal);
        Assert.Equal("(null)", CiUrl());
    }
}
