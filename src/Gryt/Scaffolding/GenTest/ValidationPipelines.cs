using System.Text;
using Gryt.Contracts;

namespace Gryt.Scaffolding.GenTest;

/// <summary>The file formats <c>gen-test</c> writes.</summary>
internal enum PipelineFileFormat
{
    CSharp,
    Yaml,
}

/// <summary>One placeholder step of a validation pipeline.</summary>
internal sealed record ScaffoldStep(string Name, string Description, string FillIn);

/// <summary>
/// Validation pipeline scaffolds for <c>gryt generation gen-test</c>: steps chosen by change type,
/// each a placeholder that fails saying what to fill in, so a scaffold never proves a change.
/// </summary>
internal static class ValidationPipelines
{
    public static IReadOnlyList<ScaffoldStep> StepsFor(ChangeType type) => type switch
    {
        ChangeType.Add =>
        [
            new("unit-tests", "Unit tests for the new functionality", "run the unit tests of the new code"),
            new("integration-tests", "Integration tests with the existing system", "run tests that exercise it together with the rest of the system"),
            new("e2e-tests", "End-to-end user workflow tests", "run an end-to-end test of the user workflow"),
            new("security-scan", "Security scan", "run a security scan (dependencies and code)"),
            new("benchmark", "Performance benchmark", "run a benchmark of the new code path"),
        ],
        ChangeType.Fix =>
        [
            new("regression-tests", "Regression test proving the bug is fixed", "run a test that failed before the fix and passes now"),
            new("unit-tests", "Unit tests for the fixed code", "run the unit tests of the fixed code"),
            new("full-suite", "Full test suite against new regressions", "run the whole test suite"),
        ],
        ChangeType.Refine =>
        [
            new("benchmark", "Performance benchmark, before and after", "compare a benchmark before and after the change"),
            new("load-tests", "Load tests", "run a load test"),
            new("unit-tests", "Unit tests for the refined code", "run the unit tests of the refined code"),
            new("ux-tests", "UX validation tests", "run the UX checks (screenshots, accessibility, flows)"),
        ],
        ChangeType.Remove =>
        [
            new("orphaned-references", "No references to the removed code remain", "search for remaining references and fail if any exist"),
            new("replacement-tests", "The replacement works", "run the tests of the replacement functionality"),
            new("dependency-check", "No dependency breaks", "build and test everything that depended on it"),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary><c>v2_1_0_FEAT_101_VALIDATION_PIPELINE</c>: the version and id with separators as underscores.</summary>
    public static string Name(string version, string changeId) =>
        $"{Underscored(version)}_{Underscored(changeId).ToUpperInvariant()}_VALIDATION_PIPELINE";

    public static string FileName(string version, string changeId, PipelineFileFormat format) =>
        Name(version, changeId) + (format == PipelineFileFormat.CSharp ? ".cs" : ".yaml");

    public static string Render(string version, ChangeDefinition change, PipelineFileFormat format, string libraryReference)
    {
        ArgumentNullException.ThrowIfNull(change);
        return format == PipelineFileFormat.CSharp ? RenderCSharp(version, change, libraryReference) : RenderYaml(version, change);
    }

    private static string RenderYaml(string version, ChangeDefinition change)
    {
        var text = new StringBuilder();
        text.Append("# Validation pipeline for ").Append(change.Id).Append(" (").Append(change.Type.ToWord()).Append(") of ").Append(version).Append(": ").Append(OneLine(change.Title)).Append('\n');
        text.Append("# Every step fails until you replace its command with a real check.\n");
        text.Append("name: ").Append(Name(version, change.Id)).Append('\n');
        text.Append("description: ").Append(ContractFile.Quote($"Proves {change.Id}: {change.Title}")).Append('\n');
        text.Append("steps:\n");
        foreach (var step in StepsFor(change.Type))
        {
            text.Append("  - name: ").Append(step.Name).Append('\n');
            text.Append("    description: ").Append(ContractFile.Quote(step.Description)).Append('\n');
            text.Append("    run: ").Append(ContractFile.Quote(Placeholder(step, change.Id))).Append('\n');
        }

        return text.ToString();
    }

    private static string RenderCSharp(string version, ChangeDefinition change, string libraryReference)
    {
        var text = new StringBuilder();
        text.Append(libraryReference).Append('\n');
        text.Append("// Validation pipeline for ").Append(change.Id).Append(" (").Append(change.Type.ToWord()).Append(") of ").Append(version).Append(": ").Append(OneLine(change.Title)).Append('\n');
        text.Append("// Every step fails until you replace its command with a real check.\n");
        text.Append("using Gryt;\n\n");
        text.Append("var pipeline = new Pipeline(\n");
        text.Append("    ").Append(CSharpString(Name(version, change.Id))).Append(",\n");
        text.Append("    [\n");
        foreach (var step in StepsFor(change.Type))
        {
            text.Append("        new CommandStep(").Append(CSharpString(step.Name)).Append(", ").Append(CSharpString(Placeholder(step, change.Id)))
                .Append(", description: ").Append(CSharpString(step.Description)).Append("),\n");
        }

        text.Append("    ])\n");
        text.Append("{\n");
        text.Append("    Description = ").Append(CSharpString($"Proves {change.Id}: {change.Title}")).Append(",\n");
        text.Append("};\n\n");
        text.Append("return await PipelineHost.RunAsync(pipeline, args);\n");
        return text.ToString();
    }

    /// <summary>A command that fails with what to fill in; the change id is safe to embed (its pattern has no shell characters).</summary>
    private static string Placeholder(ScaffoldStep step, string changeId) =>
        $"echo 'FILL IN {step.Name} for {changeId}: {step.FillIn}' >&2; exit 1";

    private static string CSharpString(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var ch in value)
        {
            text.Append(ch switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ when char.IsControl(ch) => $"\\u{(int)ch:x4}",
                _ => ch.ToString(),
            });
        }

        return text.Append('"').ToString();
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");

    private static string Underscored(string text) => text.Replace('.', '_').Replace('-', '_');
}
