using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Gryt.Tests.Steps;

/// <summary>
/// <c>dotnet-test</c> on real test projects, one on VSTest (xunit 2) and one on Microsoft.Testing.Platform
/// (xunit.v3; global.json selects it, as in the .NET 10 SDK): the metrics gryt records are the numbers
/// the runner prints. Packages come from the NuGet feed of the machine and /opt/nuget/packages.
/// </summary>
[Trait("Category", "Slow")]
public sealed class DotnetTestRunnerTests : IDisposable
{
    private static readonly Dictionary<string, string> DotnetEnvironment = new()
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
    };

    private readonly string _folder = Directory.CreateTempSubdirectory("gryt-mtp-run-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private void Write(string relativePath, string text)
    {
        var path = Path.Combine(_folder, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    /// <summary>Calc (three one-line methods, one never called) and a test project with the given
    /// packages: two tests pass, one fails, one is skipped.</summary>
    private void WriteSolution(string packages, bool testingPlatform, string properties = "")
    {
        Write("nuget.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="offline" value="/opt/nuget/packages" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        if (testingPlatform)
        {
            Write("global.json", """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
        }

        Write("Calc/Calc.csproj", """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable></PropertyGroup>
            </Project>
            """);
        Write("Calc/Math.cs", """
            namespace Calc;
            public static class Arithmetic
            {
                public static int Add(int a, int b) => a + b;
                public static int Divide(int a, int b) => b == 0 ? throw new System.DivideByZeroException() : a / b;
                public static int Unused(int a) { var x = a * 2; return x + 1; }
            }
            """);
        Write("Calc.Tests/Calc.Tests.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>{(packages.Contains("xunit.v3", StringComparison.Ordinal) ? "Exe" : "Library")}</OutputType><IsPackable>false</IsPackable>{properties}</PropertyGroup>
              <ItemGroup>{packages}</ItemGroup>
              <ItemGroup><ProjectReference Include="../Calc/Calc.csproj" /></ItemGroup>
            </Project>
            """);
        Write("Calc.Tests/ArithmeticTests.cs", """
            using Xunit;
            namespace Calc.Tests;
            public class ArithmeticTests
            {
                [Fact] public void Adds() => Assert.Equal(3, Arithmetic.Add(1, 2));
                [Fact] public void Divides() => Assert.Equal(2, Arithmetic.Divide(4, 2));
                [Fact] public void Fails_on_purpose() => Assert.Equal(5, Arithmetic.Add(2, 2));
                [Fact(Skip = "not today")] public void Skipped() { }
            }
            """);
    }

    /// <summary>The count MTP's own summary prints (<c>  total: 4</c>).</summary>
    private static double Printed(string output, string name)
    {
        var match = Regex.Match(output, $@"^\s*{name}: (\d+)\s*$", RegexOptions.Multiline);
        Assert.True(match.Success, $"the runner printed no '{name}:' line:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private const string XunitV3 = """<PackageReference Include="xunit.v3.mtp-v2" Version="4.0.2" />""";

    [ToolFact("dotnet")]
    public async Task A_vstest_project_records_what_the_runner_prints()
    {
        WriteSolution("""
            <PackageReference Include="Microsoft.NET.Test.Sdk" Version="18.0.1" />
            <PackageReference Include="xunit" Version="2.9.3" />
            <PackageReference Include="xunit.runner.visualstudio" Version="3.1.5" />
            """, testingPlatform: false);
        var harness = new StepHarness();
        var build = await harness.RunAsync(new DotnetBuildStep("build") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);
        Assert.True(build.Passed, harness.Output);

        var outcome = await harness.RunAsync(new DotnetTestStep("test") { Project = "Calc.Tests/Calc.Tests.csproj", CollectCoverage = true, NoBuild = true }, _folder, DotnetEnvironment);

        Assert.False(outcome.Passed, "one test fails on purpose");
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("--logger trx", harness.Output, StringComparison.Ordinal);
        // VSTest's own summary line: "Failed!  - Failed:     1, Passed:     2, Skipped:     1, Total:     4, …".
        var summary = Regex.Match(harness.Output, @"Failed:\s+(\d+), Passed:\s+\d+, Skipped:\s+(\d+), Total:\s+(\d+)");
        Assert.True(summary.Success, harness.Output);
        Assert.Equal("4", summary.Groups[3].Value);
        Assert.Equal(double.Parse(summary.Groups[3].Value, CultureInfo.InvariantCulture), harness.Metrics["tests_total"]);
        Assert.Equal(double.Parse(summary.Groups[1].Value, CultureInfo.InvariantCulture), harness.Metrics["tests_failed"]);
        Assert.Equal(double.Parse(summary.Groups[2].Value, CultureInfo.InvariantCulture), harness.Metrics["tests_skipped"]);
        var failed = Assert.Single(harness.FailedTests);
        Assert.Equal("Calc.Tests.ArithmeticTests.Fails_on_purpose", failed.Name);
        Assert.StartsWith("Assert.Equal() Failure", failed.Message, StringComparison.Ordinal);
        // Microsoft's collector measures Calc only (gryt's settings leave the test assembly out): 2 of 3 lines.
        var cobertura = Assert.Single(harness.Artifacts, a => a.EndsWith(".cobertura.xml", StringComparison.Ordinal));
        Assert.Equal(LineRate(cobertura), harness.Metrics["coverage"], precision: 1);
        Assert.Equal(66.6667, harness.Metrics["coverage"], precision: 3);
        Assert.Contains(harness.Artifacts, a => a.EndsWith(".trx", StringComparison.Ordinal));
        Assert.All(harness.Artifacts, a => Assert.StartsWith(Path.Combine(_folder, "TestResults", "test"), a));
    }

    /// <summary>The collector's own line rate, in percent.</summary>
    private static double LineRate(string cobertura) =>
        100 * double.Parse(XDocument.Load(cobertura).Root!.Attribute("line-rate")!.Value, CultureInfo.InvariantCulture);

    [ToolFact("dotnet")]
    public async Task An_xunit_v3_project_on_mtp_records_what_the_runner_prints()
    {
        WriteSolution(XunitV3 + """
            <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.2" />
            <PackageReference Include="coverlet.MTP" Version="10.1.0" />
            """, testingPlatform: true);
        var harness = new StepHarness();
        var build = await harness.RunAsync(new DotnetBuildStep("build") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);
        Assert.True(build.Passed, harness.Output);

        var outcome = await harness.RunAsync(new DotnetTestStep("test") { Project = "Calc.Tests/Calc.Tests.csproj", CollectCoverage = true, NoBuild = true, Filter = "FullyQualifiedName~Calc" }, _folder, DotnetEnvironment);

        Assert.False(outcome.Passed, "one test fails on purpose");
        Assert.Contains("--report-trx --coverlet --coverlet-output-format cobertura --filter 'FullyQualifiedName~Calc'", harness.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("--logger", harness.Output, StringComparison.Ordinal);
        Assert.Equal(4, Printed(harness.Output, "total"));
        Assert.Equal(Printed(harness.Output, "total"), harness.Metrics["tests_total"]);
        Assert.Equal(Printed(harness.Output, "failed"), harness.Metrics["tests_failed"]);
        Assert.Equal(Printed(harness.Output, "skipped"), harness.Metrics["tests_skipped"]);
        var failed = Assert.Single(harness.FailedTests);
        Assert.Equal("Calc.Tests.ArithmeticTests.Fails_on_purpose", failed.Name);
        Assert.StartsWith("Assert.Equal() Failure", failed.Message, StringComparison.Ordinal);

        // Coverage is coverlet's own line rate of Calc (the test assembly is not measured): 2 of 3 lines.
        var cobertura = Assert.Single(harness.Artifacts, a => Path.GetFileName(a).StartsWith("coverage.cobertura.", StringComparison.Ordinal));
        Assert.Equal(LineRate(cobertura), harness.Metrics["coverage"], precision: 1);
        Assert.Equal(66.6667, harness.Metrics["coverage"], precision: 3);
        Assert.Contains(harness.Artifacts, a => a.EndsWith(".trx", StringComparison.Ordinal));
        Assert.All(harness.Artifacts, a => Assert.StartsWith(Path.Combine(_folder, "TestResults", "test"), a));
    }

    [ToolFact("dotnet")]
    public async Task An_mtp_project_without_the_trx_extension_is_told_which_package_to_add()
    {
        WriteSolution(XunitV3, testingPlatform: true);
        var harness = new StepHarness();
        var restore = await harness.RunAsync(new DotnetRestoreStep("restore") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);
        Assert.True(restore.Passed, harness.Output);

        var outcome = await harness.RunAsync(new DotnetTestStep("test") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);

        Assert.False(outcome.Passed);
        Assert.Equal("dotnet-test: Calc.Tests/Calc.Tests.csproj runs on Microsoft.Testing.Platform without TRX reports, so gryt could record no test results: add the package Microsoft.Testing.Extensions.TrxReport to the test project", outcome.Message);
        Assert.DoesNotContain("Zero tests ran", harness.Output, StringComparison.Ordinal);
    }

    [ToolFact("dotnet")]
    public async Task An_mtp_project_run_through_vstest_gets_the_options_after_a_double_dash_and_the_global_json_line_on_sdk_10()
    {
        WriteSolution(XunitV3 + """<PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.2" />""",
            testingPlatform: false, "<TestingPlatformDotnetTestSupport>true</TestingPlatformDotnetTestSupport>");
        var harness = new StepHarness();
        var restore = await harness.RunAsync(new DotnetRestoreStep("restore") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);
        Assert.True(restore.Passed, harness.Output);

        var outcome = await harness.RunAsync(new DotnetTestStep("test") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);

        Assert.Contains($"--results-directory {_folder}/TestResults/test -- --report-trx", harness.Output, StringComparison.Ordinal);
        if (!outcome.Passed && harness.Output.Contains("no longer supported by Microsoft.Testing.Platform", StringComparison.Ordinal))
        {
            // The .NET 10 SDK runs MTP projects only in its own MTP mode.
            Assert.Contains("""gryt: the .NET 10 SDK runs Microsoft.Testing.Platform projects only in its MTP mode: add "test": { "runner": "Microsoft.Testing.Platform" } to global.json""", harness.Output, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(4, harness.Metrics["tests_total"]);
        }
    }
}
