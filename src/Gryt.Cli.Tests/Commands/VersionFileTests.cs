using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands;

/// <summary>The version a project's own files name, checked against the release in <c>generation show</c> and the promotion dry run.</summary>
public sealed class VersionFileTests : IDisposable
{
    private readonly GitRepository _repo = new();
    private readonly CliRunner _gryt;

    public VersionFileTests()
    {
        _gryt = new CliRunner(_repo.Root);
        _gryt.Ok("init");
        _gryt.Ok("generation", "new", "v2.0.0");
    }

    public void Dispose() => _repo.Dispose();

    private void Write(string name, string text) => File.WriteAllText(Path.Combine(_repo.Root, name), text);

    [Fact]
    public void Show_and_the_dry_run_warn_with_file_and_line_for_each_file_naming_another_version()
    {
        Write("package.json", "{\n  \"name\": \"shop\",\n  \"version\": \"1.4.0\",\n  \"dependencies\": { \"x\": \"2.0.0\" }\n}\n");
        Write("pyproject.toml", "[tool.other]\nversion = \"9.9.9\"\n\n[project]\nname = \"shop\"\nversion = \"2.0.0-beta.1\"\n");

        var show = _gryt.Ok("generation", "show", "v2.0.0");
        var dryRun = _gryt.Run("generation", "promote", "v2.0.0", "--dry-run");

        Assert.Contains("gryt: warning: package.json:3: version 1.4.0, not 2.0.0; set it to 2.0.0 in a commit the proofs test", show.Err, StringComparison.Ordinal);
        Assert.Contains("gryt: warning: pyproject.toml:6: version 2.0.0-beta.1, not 2.0.0", show.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("9.9.9", show.Err, StringComparison.Ordinal);
        Assert.Contains("package.json:3: version 1.4.0, not 2.0.0", dryRun.Err, StringComparison.Ordinal);
        Assert.True(File.ReadAllText(Path.Combine(_repo.Root, "package.json")).Contains("1.4.0", StringComparison.Ordinal), "gryt never writes the file");
    }

    [Fact]
    public void Files_that_agree_or_name_no_version_are_quiet()
    {
        Write("Directory.Build.props", "<Project>\n  <PropertyGroup>\n    <Version>2.0.0</Version>\n  </PropertyGroup>\n</Project>\n");
        Write("Cargo.toml", "[package]\nname = \"shop\"\nversion = \"2.0.0\"\n\n[dependencies]\nserde = { version = \"1.0\" }\n");
        Write("package.json", "{\n  \"name\": \"shop\",\n  \"version\": \"$(VERSION)\"\n}\n");

        var show = _gryt.Ok("generation", "show", "v2.0.0");

        Assert.DoesNotContain("warning", show.Err, StringComparison.Ordinal);
    }
}
