using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml;

namespace Gryt.Steps;

/// <summary>How <c>dotnet test</c> runs the tests, which decides the options it accepts.</summary>
internal enum DotnetTestRunner
{
    /// <summary>VSTest: <c>--logger trx</c>, <c>--collect</c>.</summary>
    VSTest,

    /// <summary>The .NET 10 <c>dotnet test</c> Microsoft.Testing.Platform mode that global.json selects:
    /// MTP's own options (<c>--report-trx</c>, the coverage extension's).</summary>
    TestingPlatform,

    /// <summary>An MTP project run through VSTest's <c>dotnet test</c> (<c>TestingPlatformDotnetTestSupport</c>,
    /// SDK 9 and earlier): VSTest's loggers are ignored and MTP's options go after an extra <c>--</c>.</summary>
    TestingPlatformThroughVSTest,
}

/// <summary>A test project and the NuGet packages it uses.</summary>
/// <param name="Path">Relative to the step's folder, as shown in messages.</param>
/// <param name="Packages">Package ids, compared without case.</param>
/// <param name="FromAssets">Whether <paramref name="Packages"/> came from <c>obj/project.assets.json</c>
/// (every package, transitive ones too) rather than the project files' PackageReference items.</param>
internal sealed record DotnetTestProject(string Path, IReadOnlySet<string> Packages, bool FromAssets)
{
    public bool Uses(string package) => Packages.Contains(package);
}

/// <summary>
/// Reads, without running MSBuild (an evaluation costs about 2 s a project), what a <c>dotnet test</c>
/// run will be: the runner that global.json or the projects select, and each test project's packages,
/// so that the step passes options the runner knows (an option MTP does not know makes it run nothing
/// and print only "Zero tests ran").
/// </summary>
internal sealed partial record DotnetTestPlatform(DotnetTestRunner Runner, IReadOnlyList<DotnetTestProject> TestProjects)
{
    public const string TrxExtension = "Microsoft.Testing.Extensions.TrxReport";
    public const string Coverlet = "coverlet.MTP";
    public const string MicrosoftCoverage = "Microsoft.Testing.Extensions.CodeCoverage";

    /// <summary>Gives MTP VSTest's <c>--settings</c> (.runsettings); NUnit's and MSTest's MTP runners use it, xunit.v3's does not.</summary>
    public const string VSTestBridge = "Microsoft.Testing.Extensions.VSTestBridge";

    private static readonly JsonDocumentOptions JsonOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    // Packages that make a project an MTP test application (its assets name Microsoft.Testing.Platform).
    private static readonly string[] TestingPlatformPackages = ["Microsoft.Testing.Platform", "xunit.v3", "MSTest", "NUnit3TestAdapter", "TUnit"];

    /// <param name="workingDirectory">The step's folder, where dotnet starts and looks for global.json.</param>
    /// <param name="project">The step's project or solution, or null for the one in <paramref name="workingDirectory"/>.</param>
    public static DotnetTestPlatform Detect(string workingDirectory, string? project)
    {
        var (projects, fromSolution) = ProjectFiles(workingDirectory, project);
        var globalRunner = GlobalJsonRunner(workingDirectory);
        if (globalRunner is not null && globalRunner.Equals("Microsoft.Testing.Platform", StringComparison.OrdinalIgnoreCase))
        {
            // A project named alone is the test project; of a solution's, those that use MTP.
            var tests = projects.Select(p => Read(workingDirectory, p)).Where(p => !fromSolution || IsTestingPlatformApplication(p)).ToList();
            return new DotnetTestPlatform(DotnetTestRunner.TestingPlatform, tests);
        }

        var bridged = projects.Where(p => Property(p, "TestingPlatformDotnetTestSupport") is { } value && value.Equals("true", StringComparison.OrdinalIgnoreCase)).ToList();
        return bridged.Count > 0
            ? new DotnetTestPlatform(DotnetTestRunner.TestingPlatformThroughVSTest, [.. bridged.Select(p => Read(workingDirectory, p))])
            : new DotnetTestPlatform(DotnetTestRunner.VSTest, []);
    }

    /// <summary>The <c>test.runner</c> of the nearest global.json above <paramref name="folder"/> (dotnet reads only that one).</summary>
    internal static string? GlobalJsonRunner(string folder)
    {
        for (var directory = new DirectoryInfo(folder); directory is not null; directory = directory.Parent)
        {
            var path = Path.Combine(directory.FullName, "global.json");
            if (!File.Exists(path)) continue;
            try
            {
                using var document = JsonDocument.Parse(File.ReadAllBytes(path), JsonOptions);
                return document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("test", out var test) && test.ValueKind == JsonValueKind.Object
                    && test.TryGetProperty("runner", out var runner) && runner.ValueKind == JsonValueKind.String
                    ? runner.GetString()
                    : null;
            }
            catch (JsonException e)
            {
                throw new InvalidInputException($"{path}:{e.LineNumber + 1}: not valid JSON: {e.Message}");
            }
        }

        return null;
    }

    private static bool IsSolution(string? path) =>
        path is not null && (path.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase));

    private static bool IsProject(string path) => Path.GetExtension(path) is ".csproj" or ".fsproj" or ".vbproj";

    /// <summary>The project files <c>dotnet test</c> will see: the project, the projects of the
    /// solution, or of the one project or solution in the folder, as dotnet picks it.</summary>
    private static (List<string> Projects, bool FromSolution) ProjectFiles(string workingDirectory, string? project)
    {
        var path = Path.GetFullPath(project ?? ".", workingDirectory);
        if (Directory.Exists(path))
        {
            var candidates = Directory.EnumerateFiles(path).Where(f => IsSolution(f) || IsProject(f)).ToList();
            if (candidates.Count != 1) return ([], false);
            path = candidates[0];
        }

        if (!File.Exists(path)) return ([], false);
        if (IsProject(path)) return ([path], false);
        var folder = Path.GetDirectoryName(path)!;
        return ([.. SolutionProjects(path).Select(p => Path.GetFullPath(p.Replace('\\', '/'), folder)).Where(File.Exists).Distinct(StringComparer.Ordinal)], true);
    }

    private static IEnumerable<string> SolutionProjects(string solution)
    {
        if (solution.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase))
        {
            var paths = new List<string>();
            try
            {
                using var reader = XmlReader.Create(solution, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
                while (reader.Read())
                {
                    if (reader is { NodeType: XmlNodeType.Element, LocalName: "Project" } && reader.GetAttribute("Path") is { } projectPath && IsProject(projectPath))
                    {
                        paths.Add(projectPath);
                    }
                }
            }
            catch (XmlException e)
            {
                throw new InvalidFileException(solution, e.LineNumber, e.LinePosition, e.Message);
            }

            return paths;
        }

        return SlnProject().Matches(File.ReadAllText(solution)).Select(m => m.Groups[1].Value).Where(IsProject);
    }

    private static DotnetTestProject Read(string workingDirectory, string projectFile)
    {
        var shown = Path.GetRelativePath(workingDirectory, projectFile);
        var assets = Path.Combine(Path.GetDirectoryName(projectFile)!, "obj", "project.assets.json");
        if (File.Exists(assets) && AssetsPackages(assets) is { } packages)
        {
            return new DotnetTestProject(shown, packages, FromAssets: true);
        }

        return new DotnetTestProject(shown, DirectPackages(projectFile), FromAssets: false);
    }

    /// <summary>Every package of the restore, transitive ones too: the keys <c>Name/Version</c> of <c>libraries</c>.</summary>
    private static HashSet<string>? AssetsPackages(string assets)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(assets), JsonOptions);
            if (!document.RootElement.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object) return null;
            var packages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            foreach (var library in libraries.EnumerateObject())
            {
                if (library.Value.TryGetProperty("type", out var type) && type.ValueEquals("package"))
                {
                    packages.Add(library.Name.Split('/')[0]);
                }
            }

            return packages;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // A damaged assets file: the project files still say what it references directly.
            return null;
        }
    }

    /// <summary>The PackageReference items of the project and the Directory.Build.props/.targets above it,
    /// with the extensions that MSTest.Sdk and the MSTest package bring.</summary>
    private static HashSet<string> DirectPackages(string projectFile)
    {
        var packages = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var file in ProjectFileChain(projectFile))
        {
            var text = File.ReadAllText(file);
            foreach (Match match in PackageReference().Matches(text))
            {
                packages.Add(match.Groups[1].Value);
            }

            if (text.Contains("Sdk=\"MSTest.Sdk", StringComparison.OrdinalIgnoreCase))
            {
                packages.UnionWith(["MSTest", "Microsoft.Testing.Platform"]);
            }
        }

        if (packages.Contains("MSTest"))
        {
            packages.UnionWith([TrxExtension, MicrosoftCoverage, VSTestBridge]);
        }

        if (packages.Contains("NUnit3TestAdapter"))
        {
            packages.Add(VSTestBridge);
        }

        return packages;
    }

    /// <summary>The value of an MSBuild property set in the project or a Directory.Build.props/.targets
    /// above it (the project's own setting wins; conditions are not evaluated).</summary>
    internal static string? Property(string projectFile, string name)
    {
        var pattern = new Regex($@"<{Regex.Escape(name)}(?:\s[^>]*)?>\s*([^<]*?)\s*</{Regex.Escape(name)}>", RegexOptions.None, TimeSpan.FromSeconds(1));
        return ProjectFileChain(projectFile)
            .Select(file => pattern.Matches(File.ReadAllText(file)).LastOrDefault()?.Groups[1].Value)
            .FirstOrDefault(value => value is not null);
    }

    private static IEnumerable<string> ProjectFileChain(string projectFile)
    {
        yield return projectFile;
        for (var directory = new DirectoryInfo(Path.GetDirectoryName(projectFile)!); directory is not null; directory = directory.Parent)
        {
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets" })
            {
                var path = Path.Combine(directory.FullName, name);
                if (File.Exists(path)) yield return path;
            }
        }
    }

    private static bool IsTestingPlatformApplication(DotnetTestProject project) =>
        project.Packages.Any(p => TestingPlatformPackages.Any(t => p.Equals(t, StringComparison.OrdinalIgnoreCase) || p.StartsWith(t + ".", StringComparison.OrdinalIgnoreCase)));

    [GeneratedRegex("""^Project\("\{[^}]*\}"\)\s*=\s*"[^"]*"\s*,\s*"([^"]+)"\s*,""", RegexOptions.Multiline, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SlnProject();

    [GeneratedRegex("""<PackageReference\s[^>]*?Include\s*=\s*"([^"]+)""", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex PackageReference();
}
