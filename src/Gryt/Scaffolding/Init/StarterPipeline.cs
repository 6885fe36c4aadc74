namespace Gryt.Scaffolding.Init;

/// <summary>The pipeline <c>gryt init</c> writes for the kind of project it finds at the root: the built-in steps of its ecosystem.</summary>
internal sealed record StarterPipeline(string Resource, string Ecosystem, string? Project)
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
            if (found is not null) return new StarterPipeline("starter-dotnet.yaml", ".NET", found);
        }

        if (File.Exists(Path.Combine(root, "go.mod"))) return new StarterPipeline("starter-go.yaml", "Go", null);
        if (File.Exists(Path.Combine(root, "Cargo.toml"))) return new StarterPipeline("starter-cargo.yaml", "Rust", null);
        if (File.Exists(Path.Combine(root, "package.json"))) return new StarterPipeline("starter-node.yaml", "Node.js", null);
        if (File.Exists(Path.Combine(root, "pyproject.toml"))) return new StarterPipeline("starter-python.yaml", "Python", null);
        return null;
    }

    public string Render(string template) => template.Replace("{{project}}", (Project ?? "").Replace("'", "''", StringComparison.Ordinal), StringComparison.Ordinal);
}
