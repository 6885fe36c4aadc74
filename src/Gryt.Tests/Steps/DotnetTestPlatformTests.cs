namespace Gryt.Tests.Steps;

/// <summary>
/// <c>dotnet-test</c> passes the options of the runner the project uses: Microsoft.Testing.Platform
/// when global.json selects it (or a project runs MTP through VSTest), with the extensions its
/// packages provide, and names the package to add when one is missing.
/// </summary>
public sealed class DotnetTestPlatformTests : IDisposable
{
    private const string GlobalJsonMtp = """{ "sdk": { "rollForward": "latestMajor" }, "test": { "runner": "Microsoft.Testing.Platform" } }""";

    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-mtp-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>A project file and, unless <paramref name="restored"/> is false, the assets file a restore writes.</summary>
    private void Project(string path, string[] packages, string properties = "", bool restored = true)
    {
        var references = string.Concat(packages.Select(p => $"""<PackageReference Include="{p}" Version="1.0.0" />"""));
        Write(path, $"""<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup>{properties}</PropertyGroup><ItemGroup>{references}</ItemGroup></Project>""");
        if (restored)
        {
            var libraries = string.Join(",", packages.Append("Microsoft.Testing.Platform").Select(p => $"\"{p}/1.0.0\": {{ \"type\": \"package\" }}"));
            Write(Path.Combine(Path.GetDirectoryName(path)!, "obj", "project.assets.json"), $"{{ \"version\": 3, \"libraries\": {{ {libraries} }} }}");
        }
    }

    private string Line(DotnetTestStep step)
    {
        var scratch = Directory.CreateDirectory(Path.Combine(_folder, ".scratch")).FullName;
        return Assert.Single(step.BuildCommands(new ToolInvocation(_folder, new Dictionary<string, string>(), scratch))).Display();
    }

    [Fact]
    public void Global_json_selects_mtp_options_with_trx_coverlet_and_the_filter()
    {
        Write("global.json", GlobalJsonMtp);
        Project("tests/T.csproj", ["xunit.v3.mtp-v2", "Microsoft.Testing.Extensions.TrxReport", "coverlet.MTP"]);

        Assert.Equal(
            $"dotnet test --project tests/T.csproj --configuration Debug --framework net10.0 --results-directory {_folder}/TestResults/unit --no-build --report-trx --coverlet --coverlet-output-format cobertura --coverlet-include '[App]*' '[Lib]*' --coverlet-exclude '[*]App.Generated.*' --filter 'Category!=Slow'",
            Line(new DotnetTestStep("unit")
            {
                Project = "tests/T.csproj", Configuration = "Debug", Framework = "net10.0", NoBuild = true, CollectCoverage = true,
                Filter = "Category!=Slow", CoverageInclude = ["[App]*", "[Lib]*"], CoverageExclude = ["[*]App.Generated.*"],
            }));
        Assert.Equal($"dotnet test --project tests/T.csproj --configuration Release --results-directory {_folder}/TestResults/unit --report-trx", Line(new DotnetTestStep("unit") { Project = "tests/T.csproj" }));
    }

    [Fact]
    public void Microsofts_coverage_extension_gets_its_own_options()
    {
        Write("global.json", GlobalJsonMtp);
        Project("T.csproj", ["MSTest", "Microsoft.Testing.Extensions.TrxReport", "Microsoft.Testing.Extensions.CodeCoverage"]);

        Assert.Equal($"dotnet test --configuration Release --results-directory {_folder}/TestResults/unit --report-trx --coverage --coverage-output-format cobertura",
            Line(new DotnetTestStep("unit") { CollectCoverage = true }));
        var e = Assert.Throws<InvalidInputException>(() => Line(new DotnetTestStep("unit") { CollectCoverage = true, CoverageExclude = ["[*]Gen.*"] }));
        Assert.StartsWith("dotnet-test: coverage_include and coverage_exclude are coverlet filters: add the package coverlet.MTP", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_without_the_trx_extension_is_told_the_package_to_add()
    {
        Write("global.json", GlobalJsonMtp);
        Project("tests/T.csproj", ["xunit.v3.mtp-v2"]);

        var e = Assert.Throws<InvalidInputException>(() => Line(new DotnetTestStep("unit") { Project = "tests/T.csproj" }));

        Assert.Equal("dotnet-test: tests/T.csproj runs on Microsoft.Testing.Platform without TRX reports, so gryt could record no test results: add the package Microsoft.Testing.Extensions.TrxReport to the test project", e.Message);
    }

    [Fact]
    public void Coverage_without_a_coverage_extension_names_coverlet_mtp()
    {
        Write("global.json", GlobalJsonMtp);
        Project("T.csproj", ["xunit.v3.mtp-v2", "Microsoft.Testing.Extensions.TrxReport"], restored: false);

        var e = Assert.Throws<InvalidInputException>(() => Line(new DotnetTestStep("unit") { Project = "T.csproj", CollectCoverage = true }));

        Assert.Equal("dotnet-test: collect_coverage on Microsoft.Testing.Platform needs a coverage extension in every test project, and T.csproj (as its project files say: restore it so gryt reads obj/project.assets.json) has none: add the package coverlet.MTP", e.Message);
    }

    [Fact]
    public void A_solution_is_checked_through_its_test_projects_and_given_with_project()
    {
        Write("global.json", GlobalJsonMtp);
        Write("App.slnx", """<Solution><Folder Name="/src/"><Project Path="src/App/App.csproj" /></Folder><Project Path="tests/App.Tests/App.Tests.csproj" /></Solution>""");
        Write("src/App/App.csproj", """<Project Sdk="Microsoft.NET.Sdk" />""");
        Project("tests/App.Tests/App.Tests.csproj", ["xunit.v3.mtp-v2"], restored: false);
        // Directory.Build.props brings the TRX extension to every project, as central settings often do.
        Write("tests/Directory.Build.props", """<Project><ItemGroup><PackageReference Include="Microsoft.Testing.Extensions.TrxReport" /></ItemGroup></Project>""");

        Assert.Equal($"dotnet test --project App.slnx --configuration Release --results-directory {_folder}/TestResults/unit --report-trx", Line(new DotnetTestStep("unit") { Project = "App.slnx" }));

        File.Delete(Path.Combine(_folder, "tests/Directory.Build.props"));
        var e = Assert.Throws<InvalidInputException>(() => Line(new DotnetTestStep("unit")));
        Assert.StartsWith("dotnet-test: tests/App.Tests/App.Tests.csproj (as its project files say", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_runsettings_file_goes_to_runners_with_the_vstest_bridge_only()
    {
        Write("global.json", GlobalJsonMtp);
        Project("nunit/N.csproj", ["NUnit", "NUnit3TestAdapter", "Microsoft.Testing.Extensions.VSTestBridge", "Microsoft.Testing.Extensions.TrxReport"]);
        Project("xunit/X.csproj", ["xunit.v3.mtp-v2", "Microsoft.Testing.Extensions.TrxReport"]);

        Assert.Equal($"dotnet test --project nunit/N.csproj --configuration Release --results-directory {_folder}/TestResults/unit --report-trx --settings s.runsettings",
            Line(new DotnetTestStep("unit") { Project = "nunit/N.csproj", Settings = "s.runsettings" }));
        var e = Assert.Throws<InvalidInputException>(() => Line(new DotnetTestStep("unit") { Project = "xunit/X.csproj", Settings = "s.runsettings" }));
        Assert.Equal("dotnet-test: settings is a VSTest .runsettings file, which Microsoft.Testing.Platform reads only through Microsoft.Testing.Extensions.VSTestBridge (NUnit and MSTest use it), and xunit/X.csproj does not: leave settings out (xunit.v3 reads xunit.runner.json)", e.Message);
    }

    [Fact]
    public void A_project_running_mtp_through_vstest_gets_mtp_options_after_a_double_dash()
    {
        Project("T.csproj", ["NUnit", "NUnit3TestAdapter", "Microsoft.Testing.Extensions.TrxReport"], "<EnableNUnitRunner>true</EnableNUnitRunner><TestingPlatformDotnetTestSupport>true</TestingPlatformDotnetTestSupport>");

        Assert.Equal($"dotnet test T.csproj --configuration Release --results-directory {_folder}/TestResults/unit -- --report-trx --filter Priority=1",
            Line(new DotnetTestStep("unit") { Project = "T.csproj", Filter = "Priority=1" }));
    }

    [Fact]
    public void Vstest_stays_the_default_and_a_global_json_without_a_runner_changes_nothing()
    {
        Write("global.json", """{ "sdk": { "version": "10.0.100" } }""");
        Project("T.csproj", ["xunit", "xunit.runner.visualstudio", "Microsoft.NET.Test.Sdk"]);

        Assert.Equal($"dotnet test T.csproj --configuration Release --results-directory {_folder}/TestResults/unit --logger trx", Line(new DotnetTestStep("unit") { Project = "T.csproj" }));
    }

    [Fact]
    public void A_broken_global_json_is_named_with_its_line()
    {
        Write("global.json", "{\n  \"test\": { \"runner\": }\n}");

        var e = Assert.Throws<InvalidInputException>(() => Line(new DotnetTestStep("unit")));

        Assert.StartsWith($"{_folder}/global.json:2: not valid JSON", e.Message, StringComparison.Ordinal);
    }
}
