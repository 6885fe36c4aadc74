using Gryt.Contracts;
using Gryt.Git;
using Gryt.Project;
using Gryt.Scaffolding.Init;
using Gryt.Storage;

namespace Gryt.Scaffolding.Templates;

/// <summary>What <c>gryt new</c> made.</summary>
internal sealed record NewProjectResult(
    GrytProject Project,
    ProjectTemplate Template,
    string Version,
    IReadOnlyList<string> Files,
    string Commit);

/// <summary>
/// Creates a project from a template: the template's sources, a git repository, <c>.gryt/</c>
/// initialised with the template's pipeline (not the example one), a first generation with one
/// <c>add</c> change whose <c>pipeline_template</c> is that pipeline, and an initial commit.
/// All or nothing: when a step fails, what was created is removed again.
/// </summary>
internal static class ProjectCreator
{
    public const string DefaultVersion = "v0.1.0";

    public static NewProjectResult Create(string directory, ProjectTemplate template, string version, GrytContext context, string? databaseOverride = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(context);
        var root = Path.GetFullPath(directory);
        var semantic = SemanticVersion.Parse(version);
        if (File.Exists(root)) throw new ConflictException($"{root} is a file", "gryt new creates a new folder; choose another name");
        var existed = Directory.Exists(root);
        if (existed && Directory.EnumerateFileSystemEntries(root).Any())
        {
            throw new ConflictException($"{root} already exists and is not empty", "gryt new only writes into a new or empty folder; choose another name");
        }

        var names = TemplateNames.From(Path.GetFileName(root.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar)));
        try
        {
            Directory.CreateDirectory(root);
            var git = new GitClient(root);
            git.Init("main");
            var init = ProjectInitializer.Initialize(root, force: false, databaseOverride, examplePipeline: false);
            var project = init.Project;

            var written = new List<string>();
            foreach (var file in TemplateCatalog.Files(template))
            {
                var path = Path.Combine(root, names.Apply(file.RelativePath).Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, names.Apply(TemplateCatalog.Read(file)));
                written.Add(project.Shown(path));
            }

            var contract = project.GenerationFile(semantic);
            File.WriteAllText(contract, GenerationText(semantic, template));
            written.Add(project.Shown(contract));
            using (var database = GrytDatabase.Open(project.DatabasePath))
            {
                new ContractService(project, database, context).Sync(semantic.ToString());
            }

            var commit = git.CommitAll($"Create {names.Name} from the gryt template {template.Name}\n");
            return new NewProjectResult(project, template, semantic.ToString(), written, commit);
        }
        catch
        {
            Remove(root, existed);
            throw;
        }
    }

    /// <summary>The first release contract: one change that the template's pipeline proves.</summary>
    internal static string GenerationText(SemanticVersion version, ProjectTemplate template) =>
        $"""
        # Release contract for {version}: the changes this version MUST contain.
        # Each change: type (add | fix | refine | remove), id, title; optional description and pipeline.
        # After editing, sync it with: gryt generation update {version}
        version: {version}
        description: "Initial release"
        changes:
          - type: add
            id: {template.ChangeId}
            title: {ContractFile.Quote(template.ChangeTitle)}
        pipeline_template: {template.Pipeline}

        """;

    private static void Remove(string root, bool keepFolder)
    {
        try
        {
            if (!Directory.Exists(root)) return;
            if (!keepFolder)
            {
                Directory.Delete(root, recursive: true);
                return;
            }

            foreach (var entry in Directory.EnumerateFileSystemEntries(root))
            {
                if (Directory.Exists(entry)) Directory.Delete(entry, recursive: true);
                else File.Delete(entry);
            }
        }
        catch (IOException)
        {
            // Best effort: the original failure is what the user needs to see.
        }
        catch (UnauthorizedAccessException)
        {
            // As above (git makes its object files read-only on some systems).
        }
    }
}
