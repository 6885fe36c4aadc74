using Gryt.Cli.Tests.TestSupport;
using Gryt.Evidence;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Commands.New;

/// <summary>Issue 14: the SBOM of the templates' projects after a real restore, and a real promotion that writes one.</summary>
[Trait("Category", "Slow")]
public sealed class TemplateSbomTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string New(string name, string template)
    {
        new CliRunner(_folder.Path).Ok("new", name, "--template", template);
        return _folder.Combine(name);
    }

    [Fact]
    public void Dotnet_release_after_dotnet_restore_lists_its_nuget_packages_with_sha512_and_its_references_as_direct()
    {
        var root = New("shop", "dotnet-release");
        var restore = ProcessRunner.Run(TimeSpan.FromMinutes(5), "dotnet", root, null, "restore");
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var inventory = LockInventory.Read(root);

        Assert.Contains("tests/Shop.Tests/obj/project.assets.json", inventory.LockFiles);
        Assert.Contains("pkg:nuget/xunit@2.9.3", inventory.Components.Select(c => c.Purl));
        Assert.All(inventory.Components, c => Assert.StartsWith("pkg:nuget/", c.Purl, StringComparison.Ordinal));
        Assert.All(inventory.Components, c => Assert.Equal("SHA-512", Assert.Single(c.Hashes).Algorithm));
        Assert.Contains("pkg:nuget/Microsoft.NET.Test.Sdk@18.0.1", inventory.Direct);
        // The template's own project is a project reference, not a package.
        Assert.DoesNotContain(inventory.Components, c => c.Name.Equals("Shop", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(inventory.Warnings);
    }

    [Fact]
    public void Node_ci_has_a_lock_without_packages_and_its_sbom_lists_none_without_a_warning()
    {
        var root = New("web", "node-ci");

        var inventory = LockInventory.Read(root);

        Assert.Equal(["package-lock.json"], inventory.LockFiles);
        Assert.Empty(inventory.Components);
        Assert.Empty(inventory.Warnings);
    }

    [Fact]
    public void Promote_writes_and_names_the_sbom_of_a_committed_lock_file()
    {
        var root = New("app", "minimal");
        File.Copy(Path.Combine(AppContext.BaseDirectory, "TestData", "locks", "npm", "package-lock.json"), Path.Combine(root, "package-lock.json"));
        ProcessRunner.Run("git", root, null, "add", "package-lock.json");
        var commit = ProcessRunner.Run("git", root, null, "-c", "user.name=Test", "-c", "user.email=test@example.invalid", "commit", "-q", "-m", "lock");
        Assert.True(commit.ExitCode == 0, commit.ToString());
        var gryt = new CliRunner(root);
        gryt.Ok("evolution", "start", "v0.1.0", "--change", "INIT-001");
        gryt.Ok("run", "default");

        var promoted = gryt.Ok("generation", "promote", "v0.1.0");

        Assert.Contains("  sbom:          .gryt/releases/v0.1.0.cdx.json (3 components)", promoted.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("sbom", promoted.Err, StringComparison.Ordinal);
        var head = ProcessRunner.Run("git", root, null, "rev-parse", "v0.1.0^{commit}").Out.Trim();
        Assert.Null(SbomCheck.Problem(Path.Combine(root, ".gryt", "releases", "v0.1.0.cdx.json"), "v0.1.0", head));
        gryt.Ok("compliance", "-o", "compliance.md");
        Assert.Contains("1 of 1 release with .gryt/releases/VERSION.cdx.json", File.ReadAllText(Path.Combine(root, "compliance.md")), StringComparison.Ordinal);
    }
}
