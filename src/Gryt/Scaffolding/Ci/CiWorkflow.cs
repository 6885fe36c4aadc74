using Gryt.Ci;
using Gryt.Project;

namespace Gryt.Scaffolding.Ci;

/// <summary>What <c>gryt init --ci</c> wrote.</summary>
internal sealed record CiWorkflowResult(string Path, string Pipeline, bool Replaced);

/// <summary>
/// The workflow file of each CI service, following its conventions (where the file lives, how a
/// job checks out, installs .NET and puts a global tool on PATH): it installs this version of gryt,
/// runs one pipeline with <c>gryt run</c> (bound to the active evolution when there is one) and
/// shows an optional <c>gryt sync push</c> step, commented out.
/// </summary>
internal static class CiWorkflow
{
    /// <summary>The service named by <paramref name="name"/> (github, gitlab, circleci, azure).</summary>
    public static CiKind Parse(string name) => name.ToLowerInvariant() switch
    {
        "github" => CiKind.GitHub,
        "gitlab" => CiKind.GitLab,
        "circleci" => CiKind.CircleCi,
        "azure" => CiKind.Azure,
        _ => throw new InvalidInputException($"unknown CI service '{name}'; known: github, gitlab, circleci, azure"),
    };

    /// <summary>Where the service looks for its file, relative to the repository root.</summary>
    public static string RelativePath(CiKind kind) => kind switch
    {
        CiKind.GitHub => ".github/workflows/gryt.yml",
        CiKind.GitLab => ".gitlab-ci.yml",
        CiKind.CircleCi => ".circleci/config.yml",
        _ => "azure-pipelines.yml",
    };

    /// <summary>
    /// The file's text for <paramref name="pipeline"/>, installing gryt <paramref name="version"/>. With
    /// <paramref name="sync"/> (a server in config.yaml) the job pulls the shared record before the run, so
    /// that the run binds to the evolution the server knows, and pushes after it, with the key from the
    /// platform's secrets as <c>GRYT_TOKEN</c>.
    /// </summary>
    public static string Text(CiKind kind, string pipeline, string version, bool sync = false)
    {
        using var stream = typeof(CiWorkflow).Assembly.GetManifestResourceStream($"Gryt.Scaffolding.Ci.Workflows.{CiPlatform.NameOf(kind)}.yml")
            ?? throw new InvalidOperationException($"workflow {kind} is missing from the build");
        using var reader = new StreamReader(stream);
        var text = reader.ReadToEnd();
        if (sync) text = WithSync(kind, text);
        return text
            .Replace("{{pipeline}}", pipeline, StringComparison.Ordinal)
            .Replace("{{version}}", version, StringComparison.Ordinal);
    }

    private static string WithSync(CiKind kind, string text)
    {
        var optional = text.IndexOf("# Optional: push generations", StringComparison.Ordinal);
        var lineStart = text.LastIndexOf('\n', optional) + 1;
        var indent = text[lineStart..optional];
        var end = text.IndexOf("\n\n", optional, StringComparison.Ordinal) is var blank and >= 0 ? blank + 1 : text.Length;
        string Replace(string find, string with) => text.Contains(find, StringComparison.Ordinal)
            ? text.Replace(find, with, StringComparison.Ordinal)
            : throw new InvalidOperationException($"workflow {kind} lacks '{find.Trim()}'");
        switch (kind)
        {
            case CiKind.GitHub:
                text = text[..lineStart] + indent + "- name: Push results to the gryt-server\n" + indent + "  if: always()\n" + indent + "  run: gryt sync push --evolutions\n" + text[end..];
                text = Replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    env:\n      GRYT_TOKEN: ${{ secrets.GRYT_TOKEN }} # this runner's gryt-server key (a repository secret)\n");
                return Replace("      - name: Run the pipeline\n", "      - name: Pull the shared record (the evolution to prove)\n        run: gryt sync pull\n      - name: Run the pipeline\n");
            case CiKind.GitLab:
                text = text[..lineStart] + indent + "after_script: # a shell of its own: GRYT_TOKEN is a masked CI/CD variable of the project\n" + indent + "  - $HOME/.dotnet/tools/gryt sync push --evolutions\n" + text[end..];
                return Replace("  script:\n    - gryt run", "  script:\n    - gryt sync pull # the evolution to prove; GRYT_TOKEN: a masked CI/CD variable\n    - gryt run");
            case CiKind.CircleCi:
                text = text[..lineStart] + indent + "- run:\n" + indent + "    name: Push results to the gryt-server\n" + indent + "    when: always\n" + indent + "    command: gryt sync push --evolutions\n" + text[end..];
                return Replace("      - run:\n          name: Run the pipeline\n", "      - run:\n          name: Pull the shared record (GRYT_TOKEN from a context or project variable)\n          command: gryt sync pull\n      - run:\n          name: Run the pipeline\n");
            default:
                text = text[..lineStart] + indent + "- script: gryt sync push --evolutions\n" + indent + "  displayName: Push results to the gryt-server\n" + indent + "  condition: always()\n" + indent + "  env:\n" + indent + "    GRYT_TOKEN: $(GRYT_TOKEN)\n" + text[end..];
                return Replace("  - script: gryt run {{pipeline}}\n    displayName: Run the pipeline\n",
                    "  - script: gryt sync pull\n    displayName: Pull the shared record (the evolution to prove)\n    env:\n      GRYT_TOKEN: $(GRYT_TOKEN) # a secret pipeline variable: this runner's gryt-server key\n  - script: gryt run {{pipeline}}\n    displayName: Run the pipeline\n    env:\n      GRYT_TOKEN: $(GRYT_TOKEN)\n");
        }
    }

    /// <summary>
    /// The pipeline a workflow runs when none is named: the project's only pipeline, else the
    /// first by name that is not the scaffold's <c>example</c>, else <c>example</c>.
    /// </summary>
    public static string DefaultPipeline(GrytProject project)
    {
        var names = Pipelines.Loading.PipelineCatalog.List(project).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList();
        return names.FirstOrDefault(n => n != "example") ?? names.FirstOrDefault() ?? "example";
    }

    /// <summary>Writes the workflow file; an existing one is a conflict unless <paramref name="force"/>.</summary>
    public static CiWorkflowResult Write(GrytProject project, CiKind kind, string? pipeline, bool force)
    {
        ArgumentNullException.ThrowIfNull(project);
        var name = pipeline ?? DefaultPipeline(project);
        if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-')))
        {
            throw new InvalidInputException($"'{name}' is not a pipeline name: use letters, digits, '.', '_' and '-'");
        }

        var path = Path.Combine(project.Root, RelativePath(kind).Replace('/', Path.DirectorySeparatorChar));
        var exists = File.Exists(path);
        if (exists && !force)
        {
            throw new ConflictException($"{project.Shown(path)} already exists", $"gryt init --ci {CiPlatform.NameOf(kind)} --force replaces it");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        OutputFile.Check(project, path, project.Root);
        OutputFile.WriteText(path, Text(kind, name, GrytVersion.Current, ProjectConfig.Load(project).Sync.Server is not null));
        return new CiWorkflowResult(path, name, exists);
    }
}
