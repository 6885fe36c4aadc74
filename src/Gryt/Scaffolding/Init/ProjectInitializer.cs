using Gryt.Git;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Scaffolding.Init;

/// <summary>What <c>gryt init</c> did.</summary>
internal sealed record InitResult(GrytProject Project, IReadOnlyList<string> Written, bool Repaired)
{
    public ReleasesTracking Releases { get; init; }

    /// <summary>The starter pipeline chosen for the project found, if any (written unless it existed).</summary>
    public StarterPipeline? Starter { get; init; }

    /// <summary>How the project's existing version tags are named; null when it has none (or no git).</summary>
    public TagConvention? Tags { get; init; }

    /// <summary>config.yaml was written with <c>tag_format</c> set from <see cref="Tags"/>.</summary>
    public bool TagFormatWritten { get; init; }

    /// <summary>An existing config.yaml whose <c>tag_format</c> differs from <see cref="Tags"/>: the value that would fit.</summary>
    public string? TagFormatSuggested { get; init; }
}

/// <summary>Whether git will see <c>.gryt/releases/</c> (release notes and provenance, which are committed).</summary>
internal enum ReleasesTracking
{
    Tracked,

    /// <summary>An ignore rule above caught it; <c>.gryt/.gitignore</c> now un-ignores it.</summary>
    Unignored,

    /// <summary>Still ignored after the negation (a parent folder is ignored, which no rule below can undo).</summary>
    StillIgnored,

    NoGit,
}

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

    /// <summary>Creates or repairs <c>.gryt/</c> in <paramref name="root"/>. A project gryt recognises
    /// (<see cref="StarterPipeline"/>) gets <c>pipelines/ci.yaml</c> of built-in steps, any other the echo
    /// <c>pipelines/example.yaml</c>. With <paramref name="examplePipeline"/> false neither is written: a
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
        var starter = examplePipeline ? StarterPipeline.Detect(project.Root) : null;
        var tags = TagConvention.Detect(new GitClient(project.Root));
        var configExisted = File.Exists(project.ConfigPath);
        foreach (var (scaffold, scaffoldPath, alwaysRestore) in Scaffold)
        {
            if (!examplePipeline && scaffold == "example.yaml") continue;
            var (resource, relative) = starter is not null && scaffold == "example.yaml"
                ? (starter.Resource, Path.Combine("pipelines", StarterPipeline.FileName))
                : (scaffold, scaffoldPath);
            var path = Path.Combine(project.GrytFolder, relative);
            if (File.Exists(path) && !alwaysRestore) continue;
            var content = starter is not null && resource == starter.Resource ? starter.Render(ReadScaffold(resource)) : ReadScaffold(resource);
            if (resource == "config.yaml" && tags is { IsUnprefixed: true })
            {
                content += $"\ntag_format: \"{tags.Template}\"   # the project's tags have no v (e.g. {tags.Example}); gryt's follow them\n";
            }

            if (File.Exists(path) && (File.ReadAllText(path) == content || (resource == "gitignore" && File.ReadAllText(path) == content + ReleasesNegation))) continue;
            File.WriteAllText(path, content);
            written.Add(path);
        }

        var releases = KeepReleasesCommitted(project, written);
        using (GrytDatabase.Open(project.DatabasePath))
        {
            // Opening creates and migrates it.
        }

        return new InitResult(project, written, exists)
        {
            Releases = releases, Starter = starter, Tags = tags,
            TagFormatWritten = !configExisted && tags is { IsUnprefixed: true },
            TagFormatSuggested = configExisted && tags is not null && ProjectConfig.TagFormatOrNull(project) is { } configured && configured != tags.Template ? tags.Template : null,
        };
    }

    // Visual Studio's .gitignore ignores releases/ anywhere; gryt's release records must still be committed.
    private const string ReleasesNegation = "# Release notes and provenance are committed, even where an ignore rule above says releases/.\n!releases/\n!releases/**\n";

    private static ReleasesTracking KeepReleasesCommitted(GrytProject project, List<string> written)
    {
        var git = new GitClient(project.GrytFolder);
        if (ReleasesIgnored(git) is not { } ignored) return ReleasesTracking.NoGit;
        if (!ignored) return ReleasesTracking.Tracked;
        var gitignore = Path.Combine(project.GrytFolder, ".gitignore");
        if (!File.ReadAllText(gitignore).EndsWith(ReleasesNegation, StringComparison.Ordinal))
        {
            File.AppendAllText(gitignore, ReleasesNegation);
            if (!written.Contains(gitignore)) written.Add(gitignore);
        }

        return ReleasesIgnored(git) == true ? ReleasesTracking.StillIgnored : ReleasesTracking.Unignored;
    }

    private static bool? ReleasesIgnored(GitClient git) =>
        git.IsIgnored("releases/v1.0.0.md") is not { } notes ? null : notes || git.IsIgnored("releases/v1.0.0.intoto.json") == true;

    private static string ReadScaffold(string name)
    {
        using var stream = typeof(ProjectInitializer).Assembly.GetManifestResourceStream("Gryt.Scaffolding.Init.Files." + name)
            ?? throw new InvalidOperationException($"scaffold file {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
