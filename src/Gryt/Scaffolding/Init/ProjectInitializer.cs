using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Scaffolding.Init;

/// <summary>What <c>gryt init</c> did.</summary>
internal sealed record InitResult(GrytProject Project, IReadOnlyList<string> Written, bool Repaired);

/// <summary>
/// Creates <c>.gryt/</c>. With <c>force</c> on an existing project it only repairs: missing
/// scaffold files are written again and <c>.gitignore</c> is restored, but generations,
/// pipelines, settings the user edited and the database are never deleted.
/// </summary>
internal static class ProjectInitializer
{
    private static readonly (string Resource, string RelativePath, bool AlwaysRestore)[] Scaffold =
    [
        ("config.yaml", "config.yaml", false),
        ("policy.yaml", "policy.yaml", false),
        ("gitignore", ".gitignore", true),
        ("example.yaml", Path.Combine("pipelines", "example.yaml"), false),
    ];

    /// <summary>Creates or repairs <c>.gryt/</c> in <paramref name="root"/>. With
    /// <paramref name="examplePipeline"/> false no <c>pipelines/example.yaml</c> is written: a
    /// project made from a template brings its own pipeline instead.</summary>
    public static InitResult Initialize(string root, bool force, string? databaseOverride = null, bool examplePipeline = true)
    {
        var project = GrytProject.At(root, databaseOverride);
        var exists = Directory.Exists(project.GrytFolder);
        if (exists && !force)
        {
            throw new ConflictException(
                $"{project.GrytFolder} already exists",
                "use gryt init --force to restore missing files; it never deletes generations or the database");
        }

        if (File.Exists(project.Root) || File.Exists(project.GrytFolder))
        {
            throw new InvalidInputException($"{(File.Exists(project.Root) ? project.Root : project.GrytFolder)} is a file, not a folder");
        }

        Directory.CreateDirectory(project.GrytFolder);
        Directory.CreateDirectory(project.GenerationsFolder);
        Directory.CreateDirectory(project.PipelinesFolder);

        var written = new List<string>();
        foreach (var (resource, relative, alwaysRestore) in Scaffold)
        {
            if (!examplePipeline && resource == "example.yaml") continue;
            var path = Path.Combine(project.GrytFolder, relative);
            if (File.Exists(path) && !alwaysRestore) continue;
            var content = ReadScaffold(resource);
            if (File.Exists(path) && File.ReadAllText(path) == content) continue;
            File.WriteAllText(path, content);
            written.Add(path);
        }

        using (GrytDatabase.Open(project.DatabasePath))
        {
            // Opening creates and migrates it.
        }

        return new InitResult(project, written, exists);
    }

    private static string ReadScaffold(string name)
    {
        using var stream = typeof(ProjectInitializer).Assembly.GetManifestResourceStream("Gryt.Scaffolding.Init.Files." + name)
            ?? throw new InvalidOperationException($"scaffold file {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
