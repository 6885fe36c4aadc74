using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Gryt.Tests.Steps;

/// <summary>
/// <c>dotnet-test</c> on a real xunit.v3 project that runs on Microsoft.Testing.Platform (global.json
/// selects it, as in the .NET 10 SDK): the metrics gryt records are the numbers the runner prints.
/// Packages come from the NuGet feed of the machine (and /opt/nuget/packages where it exists).
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

    /// <summary>Calc (three one-line methods, one never called) and an xunit.v3 test project on MTP
    /// with the given extra packages: one test passes twice, one fails, one is skipped.</summary>
    private void WriteSolution(string extraPackages)
    {
        Write("nuget.config", """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        Write("global.json", """{ "test": { "runner": "Microsoft.Testing.Platform" } }""");
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
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputType>Exe</OutputType><IsPackable>false</IsPackable></PropertyGroup>
              <ItemGroup>
                <PackageReference Include="xunit.v3.mtp-v2" Version="4.0.2" />
                {extraPackages}
              </ItemGroup>
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

    [ToolFact("dotnet")]
    public async Task An_xunit_v3_project_on_mtp_records_what_the_runner_prints()
    {
        WriteSolution("""
            <PackageReference Include="Microsoft.Testing.Extensions.TrxReport" Version="2.5.2" />
            <PackageReference Include="coverlet.MTP" Version="10.1.0" />
            """);
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
        var lineRate = double.Parse(XDocument.Load(cobertura).Root!.Attribute("line-rate")!.Value, CultureInfo.InvariantCulture);
        Assert.Equal(100 * lineRate, harness.Metrics["coverage"], precision: 1);
        Assert.Equal(66.6667, harness.Metrics["coverage"], precision: 3);
        Assert.Contains(harness.Artifacts, a => a.EndsWith(".trx", StringComparison.Ordinal));
        Assert.All(harness.Artifacts, a => Assert.StartsWith(Path.Combine(_folder, "TestResults", "test"), a));
    }

    [ToolFact("dotnet")]
    public async Task An_mtp_project_without_the_trx_extension_is_told_which_package_to_add()
    {
        WriteSolution("");
        var harness = new StepHarness();
        var restore = await harness.RunAsync(new DotnetRestoreStep("restore") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);
        Assert.True(restore.Passed, harness.Output);

        var outcome = await harness.RunAsync(new DotnetTestStep("test") { Project = "Calc.Tests/Calc.Tests.csproj" }, _folder, DotnetEnvironment);

        Assert.False(outcome.Passed);
        Assert.Equal("dotnet-test: Calc.Tests/Calc.Tests.csproj runs on Microsoft.Testing.Platform without TRX reports, so gryt could record no test results: add the package Microsoft.Testing.Extensions.TrxReport to the test project", outcome.Message);
        Assert.DoesNotContain("Zero tests ran", harness.Output, StringComparison.Ordinal);
    }
}
