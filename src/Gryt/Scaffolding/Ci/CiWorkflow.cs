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

    /// <summary>The file's text for <paramref name="pipeline"/>, installing gryt <paramref name="version"/>.</summary>
    public static string Text(CiKind kind, string pipeline, string version)
    {
        using var stream = typeof(CiWorkflow).Assembly.GetManifestResourceStream($"Gryt.Scaffolding.Ci.Workflows.{CiPlatform.NameOf(kind)}.yml")
            ?? throw new InvalidOperationException($"workflow {kind} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Replace("{{pipeline}}", pipeline, StringComparison.Ordinal)
            .Replace("{{version}}", version, StringComparison.Ordinal);
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
        OutputFile.WriteText(path, Text(kind, name, GrytVersion.Current));
        return new CiWorkflowResult(path, name, exists);
    }
}
