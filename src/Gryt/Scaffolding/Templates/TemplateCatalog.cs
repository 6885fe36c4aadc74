using System.Reflection;

namespace Gryt.Scaffolding.Templates;

/// <summary>One file of a template: where it goes (with placeholders) and the resource holding it.</summary>
internal sealed record TemplateFile(string RelativePath, string ResourceName);

/// <summary>
/// The templates built into gryt. Their files are embedded resources named
/// <c>Gryt.Scaffolding.Templates/&lt;template&gt;/&lt;path&gt;</c>; in a path, a segment starting with
/// <c>_</c> starts with a dot once written (<c>_gitignore</c> → <c>.gitignore</c>,
/// <c>_gryt/pipelines</c> → <c>.gryt/pipelines</c>), so that the build never treats them as its own;
/// a segment starting with two (<c>__init__.py</c>) is written as it is.
/// </summary>
internal static class TemplateCatalog
{
    private const string ResourcePrefix = "Gryt.Scaffolding.Templates/";

    /// <summary>Every template, sorted by name.</summary>
    public static IReadOnlyList<ProjectTemplate> All { get; } =
    [
        new("dotnet-release", ".NET library with xunit tests: restore, build, test with coverage, pack", "dotnet", "release", "INIT-001", "Initial implementation"),
        new("go-release", "Go command with tests: mod download, test, build a binary", "go", "release", "INIT-001", "Initial implementation"),
        new("minimal", "Bare gryt structure: a README and a one-step pipeline", "none", "default", "INIT-001", "Project initialization"),
        new("node-ci", "Node.js library with node:test tests and no dependencies: npm ci, test, build", "node", "ci", "INIT-001", "Initial implementation"),
        new("python-ci", "Python package with pytest tests: byte-compile, pytest with a JUnit report", "python", "ci", "INIT-001", "Initial implementation"),
    ];

    /// <summary>The template called <paramref name="name"/>; an unknown name is bad input listing the known ones.</summary>
    public static ProjectTemplate Get(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal))
        ?? throw new InvalidInputException(
            $"unknown template '{name}'; known templates: {string.Join(", ", All.Select(t => t.Name))}",
            "see them with: gryt new list");

    internal static IReadOnlyList<TemplateFile> Files(ProjectTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var prefix = ResourcePrefix + template.Name + "/";
        return Assembly.GetManifestResourceNames()
            .Select(resource => (Resource: resource, Normalised: resource.Replace('\\', '/')))
            .Where(r => r.Normalised.StartsWith(prefix, StringComparison.Ordinal))
            .Select(r => new TemplateFile(DotSegments(r.Normalised[prefix.Length..]), r.Resource))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToList();
    }

    internal static string Read(TemplateFile file)
    {
        using var stream = Assembly.GetManifestResourceStream(file.ResourceName)
            ?? throw new InvalidOperationException($"template resource {file.ResourceName} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static Assembly Assembly => typeof(TemplateCatalog).Assembly;

    private static string DotSegments(string path) =>
        string.Join('/', path.Split('/').Select(segment => segment.StartsWith('_') && !segment.StartsWith("__", StringComparison.Ordinal) ? "." + segment[1..] : segment));
}
