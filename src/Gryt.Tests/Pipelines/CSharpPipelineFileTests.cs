using Gryt.Pipelines.Hosting;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Pipelines;

public sealed class CSharpPipelineFileTests
{
    private const string CentralVersionsOff = "-p:ManagePackageVersionsCentrally=false";

    [Fact]
    public void A_file_that_pins_its_packages_is_built_without_central_versions_and_one_that_leaves_them_out_with()
    {
        using var folder = new TempDirectory();
        var pinned = Path.Combine(folder.Path, "pinned.cs");
        File.WriteAllText(pinned, "#:package Gryt@0.1.0\n#:package Humanizer@2.14.1\nusing Gryt;\n");
        var central = Path.Combine(folder.Path, "central.cs");
        File.WriteAllText(central, "#:package Gryt@0.1.0\n#:package Humanizer\nusing Gryt;\n");
        var byProject = Path.Combine(folder.Path, "project.cs");
        File.WriteAllText(byProject, "#:project ../src/Gryt/Gryt.csproj\nusing Gryt;\n");

        Assert.Contains(CentralVersionsOff, CSharpPipelineFile.DotnetArguments(pinned, [], null));
        Assert.DoesNotContain(CentralVersionsOff, CSharpPipelineFile.DotnetArguments(central, [], null));
        Assert.DoesNotContain(CentralVersionsOff, CSharpPipelineFile.DotnetArguments(byProject, [], null));
        Assert.DoesNotContain(CentralVersionsOff, CSharpPipelineFile.DotnetArguments(Path.Combine(folder.Path, "missing.cs"), [], null));
        Assert.Equal(["--", "--gryt-describe"], CSharpPipelineFile.DotnetArguments(pinned, ["--gryt-describe"], null).TakeLast(2));
    }
}
