using Gryt.Cli.Tests.Pipelines;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>The guide's custom coverage gate as a C# file in <c>.gryt/gates/coverage.cs</c>, referencing this repository's library.</summary>
internal static class CoverageGateFile
{
    /// <summary>Writes the gate and returns its path relative to <c>.gryt/</c>, as config.yaml names it.</summary>
    public static string Write(string repositoryRoot)
    {
        var library = Path.Combine(PipelineCliProject.RepositoryRoot(), "src", "Gryt", "Gryt.csproj");
        Directory.CreateDirectory(Path.Combine(repositoryRoot, ".gryt", "gates"));
        File.WriteAllText(Path.Combine(repositoryRoot, ".gryt", "gates", "coverage.cs"), $$"""
            #:project {{library}}
            using Gryt;

            return GateHost.Run(new CodeCoverageGate(80.0), args);

            sealed class CodeCoverageGate(double minCoverage) : PromotionGate("code_coverage")
            {
                public override GateResult Check(Generation generation, IData data)
                {
                    var rows = data.Query("SELECT metric_value FROM data_rows WHERE metric_name = 'coverage' AND generation_id = ?",
                                          generation.GenerationId);
                    if (rows.Count == 0) return new GateResult(false, "No coverage data");
                    var coverage = Convert.ToDouble(rows[0]["metric_value"]);
                    return coverage < minCoverage
                        ? new GateResult(false, $"Coverage {coverage}% below minimum {minCoverage}%", new() { ["coverage"] = coverage })
                        : new GateResult(true, $"Coverage {coverage}% OK");
                }
            }
            """);
        return "gates/coverage.cs";
    }
}
