using Gryt.Pipelines.Hosting;

namespace Gryt;

/// <summary>
/// The entry point of a C# gate file (a .NET file-based app named in config.yaml
/// <c>promotion.gates: [{file: gates/coverage.cs}]</c>): end it with
/// <c>return GateHost.Run(new CodeCoverageGate(80.0), args);</c>. gryt runs it during promotion
/// with the database and version in its environment and reads back one result line.
/// </summary>
public static class GateHost
{
    /// <summary>The version of the generation being promoted.</summary>
    public const string VersionVariable = "GRYT_GATE_VERSION";

    /// <summary>Prefix of the one line carrying the gate's result as JSON.</summary>
    public const string ResultPrefix = "::gryt-gate ";

    /// <summary>Checks the gate against the generation gryt names and prints the result; the program's entry point, so it writes to the console.</summary>
    public static int Run(PromotionGate gate, string[] args) =>
        Run(gate, Console.Out, Environment.GetEnvironmentVariable);

    internal static int Run(PromotionGate gate, TextWriter output, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(gate);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(variable);
        var database = variable(PipelineHostEnvironment.Database);
        var version = variable(VersionVariable);
        if (string.IsNullOrEmpty(database) || string.IsNullOrEmpty(version))
        {
            output.WriteLine($"this gate is run by gryt generation promote (it needs {PipelineHostEnvironment.Database} and {VersionVariable})");
            return 2;
        }

        using var data = new SqliteData(database);
        GateResult result;
        try
        {
            result = gate.Check(Gryt.Generation.Load(data, version), data);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            result = new GateResult(false, $"the gate threw {ex.GetType().Name}: {ex.Message.ReplaceLineEndings(" ")}");
        }

        output.WriteLine(ResultPrefix + PlainJson.SerializeToString(new Dictionary<string, object?>
        {
            ["gate"] = gate.Name,
            ["passed"] = result.Passed,
            ["message"] = result.Message,
        }));
        return 0;
    }
}
