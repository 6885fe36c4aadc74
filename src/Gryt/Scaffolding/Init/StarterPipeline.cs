using System.Text.Json;
using System.Text.RegularExpressions;
using Gryt.Steps;

namespace Gryt.Scaffolding.Init;

/// <summary>The pipeline <c>gryt init</c> writes for the kind of project it finds at the root: the built-in steps of its ecosystem.</summary>
/// <param name="Resource">The embedded template.</param>
/// <param name="Ecosystem">How <c>gryt init</c> names the project it found.</param>
/// <param name="Project">The solution or project the .NET steps name.</param>
/// <param name="TestOptions">YAML lines that end the test step (its <c>with:</c>, so that it records
/// test metrics), or a comment saying what the user adds.</param>
internal sealed partial record StarterPipeline(string Resource, string Ecosystem, string? Project, string TestOptions = "")
{
    public const string FileName = "ci.yaml";

    /// <summary>The first kind of project found in <paramref name="root"/> (not its subfolders), or null: then the echo example is written.</summary>
    public static StarterPipeline? Detect(string root)
    {
        if (!Directory.Exists(root)) return null;
        // One file for dotnet to build: a solution before a project, the new format before the old.
        foreach (var pattern in new[] { "*.slnx", "*.sln", "*.csproj" })
        {
            var found = Directory.EnumerateFiles(root, pattern).Select(Path.GetFileName).Order(StringComparer.Ordinal).FirstOrDefault();
            if (found is not null) return new StarterPipeline("starter-dotnet.yaml", ".NET", found, DotnetTestOptions(root, found));
        }

        if (File.Exists(Path.Combine(root, "go.mod"))) return new StarterPipeline("starter-go.yaml", "Go", null);
        if (File.Exists(Path.Combine(root, "Cargo.toml"))) return new StarterPipeline("starter-cargo.yaml", "Rust", null);
        if (File.Exists(Path.Combine(root, "package.json"))) return new StarterPipeline("starter-node.yaml", "Node.js", null, NodeTestOptions(Path.Combine(root, "package.json")));
        if (File.Exists(Path.Combine(root, "pyproject.toml"))) return new StarterPipeline("starter-python.yaml", "Python", null);
        return null;
    }

    public string Render(string template) => template
        .Replace("{{project}}", (Project ?? "").Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal)
        .Replace("{{test_options}}\n", TestOptions, StringComparison.Ordinal);

    /// <summary>Coverage, unless the tests run on Microsoft.Testing.Platform with no coverage
    /// extension (VSTest's collector comes with the test SDK, MTP's is a package): then a comment says
    /// which package to add, rather than a setting that fails the step.</summary>
    internal static string DotnetTestOptions(string root, string project)
    {
        const string Coverage = "      collect_coverage: true\n";
        DotnetTestPlatform platform;
        try
        {
            platform = DotnetTestPlatform.Detect(root, project);
        }
        catch (InvalidInputException)
        {
            // dotnet-test reports a broken global.json or solution when the pipeline runs.
            return Coverage;
        }

        var measured = platform.TestProjects.All(p => p.Uses(DotnetTestPlatform.Coverlet) || p.Uses(DotnetTestPlatform.MicrosoftCoverage));
        return platform.Runner == DotnetTestRunner.VSTest || measured
            ? Coverage
            : $"      # Coverage on Microsoft.Testing.Platform: add the package {DotnetTestPlatform.Coverlet} to the test projects, then collect_coverage: true\n";
    }

    /// <summary>
    /// npm-test records tests from node's own JUnit reporter when the <c>test</c> script runs
    /// <c>node --test</c> with options only: gryt appends the reporters to the script, and node reads
    /// what follows a path as more paths. Any other runner gets a comment saying what to add.
    /// </summary>
    internal static string NodeTestOptions(string packageJson)
    {
        string? script = null;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(packageJson), new JsonDocumentOptions { AllowTrailingCommas = true });
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("scripts", out var scripts) && scripts.ValueKind == JsonValueKind.Object
                && scripts.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.String)
            {
                script = test.GetString();
            }
        }
        catch (JsonException)
        {
            // npm itself will say what is wrong with package.json when the pipeline runs.
        }

        if (script is not null && NodeTestLast().IsMatch(script))
        {
            return "    with:\n      node_test_reporter: true\n";
        }

        return script is not null && script.Contains("node --test", StringComparison.Ordinal)
            ? "    # Test metrics: end the test script with `node --test` and its options only (no paths), then add\n    # with: { node_test_reporter: true }  (docs/steps.md, \"Test metrics by ecosystem\")\n"
            : "    # Test metrics: with: { junit_xml: <the JUnit file your test runner writes> } (docs/steps.md, \"Test metrics by ecosystem\")\n";
    }

    // The last command of the script is node --test followed by options only (each starting with '-').
    [GeneratedRegex(@"(?:^|&&|;|\|\|)\s*node\s+(?:-\S+\s+)*--test(?:\s+-\S+)*\s*$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex NodeTestLast();
}
