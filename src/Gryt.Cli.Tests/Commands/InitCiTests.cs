using Gryt.Ci;
using Gryt.Cli.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary><c>gryt init --ci SERVICE</c>: the workflow file of each CI service, pinned by golden files.</summary>
public sealed class InitCiTests : IDisposable
{
    private readonly CliProject _project = new(initialise: false);

    public void Dispose() => _project.Dispose();

    private string Read(string relative) => File.ReadAllText(Path.Combine(_project.Root, relative));

    [Theory]
    [InlineData("github", ".github/workflows/gryt.yml")]
    [InlineData("gitlab", ".gitlab-ci.yml")]
    [InlineData("circleci", ".circleci/config.yml")]
    [InlineData("azure", "azure-pipelines.yml")]
    public void Each_service_gets_its_workflow_file_installing_this_gryt_and_running_the_pipeline(string service, string file)
    {
        _project.Gryt.Ok("init", "--ci", service);

        var text = Read(file);
        Assert.Contains($"dotnet tool install --global Gryt.Cli --version {GrytVersion.Current}", text, StringComparison.Ordinal);
        Assert.Contains("gryt run example", text, StringComparison.Ordinal);
        // Pushing results is optional: shown, commented out.
        var push = Assert.Single(text.Split('\n'), l => l.Contains("gryt sync push", StringComparison.Ordinal));
        Assert.StartsWith("#", push.TrimStart(), StringComparison.Ordinal);
        Golden.Verify("init-ci-" + service, text.Replace(GrytVersion.Current, "<version>", StringComparison.Ordinal));
        Assert.True(Directory.Exists(Path.Combine(_project.Root, ".gryt")));
    }

    [Fact]
    public void On_an_existing_project_only_the_workflow_is_written_and_it_runs_the_projects_pipeline()
    {
        _project.Gryt.Ok("init");
        File.WriteAllText(Path.Combine(_project.Root, ".gryt", "pipelines", "release.yaml"), "steps:\n  - { name: a, run: 'true' }\n");
        var before = Directory.GetFiles(Path.Combine(_project.Root, ".gryt"), "*", SearchOption.AllDirectories).Order().ToList();

        var result = _project.Gryt.Ok("init", "--ci", "github");

        Assert.Equal("Wrote .github/workflows/gryt.yml: installs gryt " + GrytVersion.Current + " and runs gryt run release\n" +
            "Commit it; see docs/ci.md to push results to a gryt server.\n", result.Out);
        Assert.Contains("run: gryt run release", Read(".github/workflows/gryt.yml"), StringComparison.Ordinal);
        Assert.Equal(before, Directory.GetFiles(Path.Combine(_project.Root, ".gryt"), "*", SearchOption.AllDirectories).Order().ToList());
    }

    [Fact]
    public void An_existing_workflow_is_a_conflict_unless_forced()
    {
        _project.Gryt.Ok("init", "--ci", "gitlab");
        File.WriteAllText(Path.Combine(_project.Root, ".gitlab-ci.yml"), "mine\n");

        var refused = _project.Gryt.Run("init", "--ci", "gitlab");
        Assert.Equal(ExitCodes.Conflict, refused.ExitCode);
        Assert.Equal("gryt: error: .gitlab-ci.yml already exists\nhint: gryt init --ci gitlab --force replaces it\n", refused.Err);
        Assert.Equal("mine\n", Read(".gitlab-ci.yml"));

        var forced = _project.Gryt.Ok("init", "--ci", "gitlab", "--force", "--pipeline", "nightly");
        Assert.StartsWith("Replaced .gitlab-ci.yml", forced.Out, StringComparison.Ordinal);
        Assert.Contains("- gryt run nightly", Read(".gitlab-ci.yml"), StringComparison.Ordinal);
        Assert.Contains("no pipeline named nightly", forced.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_services_and_unsafe_pipeline_names_are_bad_input()
    {
        Assert.Equal(ExitCodes.BadInput, _project.Gryt.Run("init", "--ci", "jenkins").ExitCode);
        Assert.Equal(ExitCodes.BadInput, _project.Gryt.Run("init", "--ci", "github", "--pipeline", "a b; rm -rf /").ExitCode);
        Assert.Equal(ExitCodes.BadInput, _project.Gryt.Run("init", "--pipeline", "x").ExitCode);
    }
}
