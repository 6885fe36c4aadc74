namespace Gryt.Project;

/// <summary>
/// A gryt project: the folder holding <c>.gryt/</c>, found from any subdirectory the way git
/// finds <c>.git</c>. <c>GRYT_DB</c> may point the database elsewhere.
/// </summary>
internal sealed class GrytProject
{
    public const string FolderName = ".gryt";

    private GrytProject(string root, string? databaseOverride)
    {
        Root = root;
        GrytFolder = Path.Combine(root, FolderName);
        DatabasePath = string.IsNullOrEmpty(databaseOverride) ? Path.Combine(GrytFolder, "gryt.db") : Path.GetFullPath(databaseOverride);
    }

    /// <summary>The folder that contains <c>.gryt/</c> (usually the repository root).</summary>
    public string Root { get; }

    public string GrytFolder { get; }
    public string DatabasePath { get; }
    public string GenerationsFolder => Path.Combine(GrytFolder, "generations");
    public string PipelinesFolder => Path.Combine(GrytFolder, "pipelines");
    public string ConfigPath => Path.Combine(GrytFolder, "config.yaml");
    public string PolicyPath => Path.Combine(GrytFolder, "policy.yaml");
    public string LogsFolder => Path.Combine(GrytFolder, "logs");
    public string SnapshotsFolder => Path.Combine(GrytFolder, "snapshots");

    /// <summary>Finds the project from <paramref name="startDirectory"/> or one of its parents.</summary>
    public static GrytProject Find(string startDirectory, string? databaseOverride = null) =>
        TryFind(startDirectory, databaseOverride)
        ?? throw new GrytEnvironmentException(
            $"no {FolderName}/ found in {startDirectory} or any parent folder",
            "run gryt init in your repository first");

    public static GrytProject? TryFind(string startDirectory, string? databaseOverride = null)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(startDirectory)); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, FolderName))) return new GrytProject(dir.FullName, databaseOverride);
        }

        return null;
    }

    /// <summary>A project rooted at <paramref name="root"/>, whether or not it exists yet.</summary>
    public static GrytProject At(string root, string? databaseOverride = null) => new(Path.GetFullPath(root), databaseOverride);

    /// <summary>The path of a generation's contract file.</summary>
    public string GenerationFile(SemanticVersion version) => Path.Combine(GenerationsFolder, version + ".yaml");

    /// <summary>A path as users see it: relative to the project root.</summary>
    public string Shown(string path)
    {
        var relative = Path.GetRelativePath(Root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
