using System.Text.Json;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands.New;

[Trait("Category", "Slow")]
public sealed class NewCommandTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly CliRunner _gryt;

    public NewCommandTests() => _gryt = new CliRunner(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void New_list_shows_every_template_with_its_toolchain_and_pipeline()
    {
        Golden.Verify("new-list", _gryt.Ok("new", "list").Out);
    }

    [Fact]
    public void New_list_json_gives_the_templates()
    {
        using var json = JsonDocument.Parse(_gryt.Ok("new", "list", "--json").Out);
        var templates = json.RootElement.GetProperty("templates").EnumerateArray().ToList();
        Assert.Equal(5, templates.Count);
        Assert.Equal("dotnet-release", templates[0].GetProperty("name").GetString());
        Assert.Equal("dotnet", templates[0].GetProperty("toolchain").GetString());
        Assert.Equal("release", templates[0].GetProperty("pipeline").GetString());
    }

    [Fact]
    public void New_minimal_makes_a_committed_repository_with_a_first_generation_and_a_passing_pipeline()
    {
        var result = _gryt.Ok("new", "my-app", "--template", "minimal");
        Golden.Verify("new-minimal", Shorten(result.Out));

        var root = _folder.Combine("my-app");
        Assert.True(Directory.Exists(Path.Combine(root, ".git")));
        Assert.False(File.Exists(Path.Combine(root, ".gryt", "pipelines", "example.yaml")));
        Assert.Contains("Hello from my-app", File.ReadAllText(Path.Combine(root, ".gryt", "pipelines", "default.yaml")), StringComparison.Ordinal);
        Assert.Equal("", ProcessRunner.Run("git", root, null, "status", "--porcelain").Out);

        var inProject = new CliRunner(root);
        using (var pipelines = JsonDocument.Parse(inProject.Ok("pipeline", "list", "--json").Out))
        {
            Assert.Equal("default", pipelines.RootElement.GetProperty("pipelines")[0].GetProperty("name").GetString());
        }

        using (var generation = JsonDocument.Parse(inProject.Ok("generation", "show", "v0.1.0", "--json").Out))
        {
            var text = generation.RootElement.ToString();
            Assert.Contains("INIT-001", text, StringComparison.Ordinal);
            Assert.Contains("\"default\"", text, StringComparison.Ordinal);
        }

        inProject.Ok("run", "default", "--no-evolution");
    }

    [Fact]
    public void New_takes_the_version_of_the_first_generation()
    {
        _gryt.Ok("new", "app", "-t", "node-ci", "--version", "v2.0.0");
        Assert.True(File.Exists(_folder.Combine("app", ".gryt", "generations", "v2.0.0.yaml")));
        Assert.Contains("\"name\": \"app\"", File.ReadAllText(_folder.Combine("app", "package.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void New_into_a_non_empty_folder_is_a_conflict_and_changes_nothing()
    {
        Directory.CreateDirectory(_folder.Combine("taken"));
        File.WriteAllText(_folder.Combine("taken", "notes.txt"), "mine");

        var result = _gryt.Run("new", "taken", "--template", "minimal");

        Assert.Equal(ExitCodes.Conflict, result.ExitCode);
        Assert.StartsWith("gryt: error: " + _folder.Combine("taken") + " already exists and is not empty\n", result.Err, StringComparison.Ordinal);
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(_folder.Combine("taken")).Select(Path.GetFileName));
    }

    [Fact]
    public void New_into_an_empty_folder_is_allowed()
    {
        Directory.CreateDirectory(_folder.Combine("empty"));
        _gryt.Ok("new", "empty", "-t", "minimal");
        Assert.True(Directory.Exists(_folder.Combine("empty", ".gryt")));
    }

    [Fact]
    public void An_unknown_template_is_bad_input_and_creates_nothing()
    {
        var result = _gryt.Run("new", "x", "--template", "cobol-mainframe");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("known templates: dotnet-release, go-release, minimal, node-ci, python-ci", result.Err, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_folder.Combine("x")));
    }

    [Fact]
    public void A_failure_half_way_removes_what_was_created()
    {
        // The database path is a folder: initialising .gryt/ fails after git init and the first files.
        Directory.CreateDirectory(_folder.Combine("not-a-db"));
        _gryt.Variables["GRYT_DB"] = _folder.Combine("not-a-db");

        var result = _gryt.Run("new", "half", "--template", "minimal");

        Assert.NotEqual(ExitCodes.Ok, result.ExitCode);
        Assert.False(Directory.Exists(_folder.Combine("half")), result.ToString());
    }

    [Fact]
    public void New_without_a_folder_is_bad_input()
    {
        var result = _gryt.Run("new");
        Assert.Equal(ExitCodes.BadInput, result.ExitCode);
        Assert.Contains("gryt new needs the folder to create", result.Err, StringComparison.Ordinal);
    }

    /// <summary>The absolute temp path and the commit sha differ on every run.</summary>
    private string Shorten(string text) =>
        System.Text.RegularExpressions.Regex.Replace(text.Replace(_folder.Path, "<tmp>", StringComparison.Ordinal), "first commit [0-9a-f]{7}", "first commit <sha>");
}
