using System.CommandLine;
using System.CommandLine.Completions;
using Gryt.Contracts;
using Gryt.Pipelines.Loading;
using Gryt.Project;
using Gryt.Scaffolding.Templates;

namespace Gryt.Cli.Commands.CompletionCommands;

/// <summary>
/// The project's values that shells complete: versions (generation file names), change ids (from
/// those files), pipeline names and template names. Read from files only, never the database,
/// so that a Tab press stays fast; anything unreadable is skipped.
/// </summary>
internal static class CompletionValues
{
    public static readonly string[] Kinds = ["versions", "changes", "pipelines", "templates"];

    public static IReadOnlyList<string> List(string kind, CliEnvironment environment, string? version = null) => kind switch
    {
        "versions" => Versions(Project(environment)),
        "changes" => ChangeIds(Project(environment), version),
        "pipelines" => Project(environment) is { } project ? PipelineCatalog.List(project).Select(s => s.Name).Distinct(StringComparer.Ordinal).ToList() : [],
        "templates" => TemplateCatalog.All.Select(t => t.Name).ToList(),
        _ => throw new InvalidInputException($"unknown kind '{kind}'; known: {string.Join(", ", Kinds)}"),
    };

    /// <summary>Adds completion sources to the arguments and options that take these values, anywhere in the tree.</summary>
    public static void Attach(Command command, CliEnvironment environment, string? parentName = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var argument in command.Arguments)
        {
            // `generation new` takes a version that does not exist yet: offering the existing ones invites a conflict.
            if (argument.Name == "VERSION" && !(command.Name == "new" && parentName == "generation")) Add(argument, argument.CompletionSources, "versions", environment);
            if (argument.Name == "NAME" && (command.Name == "run" || parentName == "pipeline")) Add(argument, argument.CompletionSources, "pipelines", environment);
        }

        foreach (var option in command.Options)
        {
            switch (option.Name)
            {
                case "--change":
                    Add(option, option.CompletionSources, "changes", environment, "ID");
                    break;
                case "--pipeline":
                    Add(option, option.CompletionSources, "pipelines", environment, "PIPELINE");
                    break;
                case "--template":
                    Add(option, option.CompletionSources, "templates", environment, "TEMPLATE");
                    break;
                case "--gen":
                    Add(option, option.CompletionSources, "versions", environment, "VERSION");
                    break;
            }
        }

        foreach (var child in command.Subcommands) Attach(child, environment, command.Name);
    }

    /// <remarks>
    /// Help would list a symbol's completions as its allowed values (<c>--change &lt;BUG-42|FEAT-101&gt;</c>,
    /// growing with the project, and reading every contract file for each --help): a fixed help name
    /// keeps project data out of help while shells still complete it.
    /// </remarks>
    private static void Add(Symbol symbol, List<Func<CompletionContext, IEnumerable<CompletionItem>>> sources, string kind, CliEnvironment environment, string? helpName = null)
    {
        switch (symbol)
        {
            case Argument argument:
                argument.HelpName ??= argument.Name;
                break;
            case Option option:
                option.HelpName ??= helpName;
                break;
        }

        sources.Add(context =>
        {
            var version = context.ParseResult.CommandResult.Children
                .OfType<System.CommandLine.Parsing.ArgumentResult>()
                .FirstOrDefault(a => a.Argument.Name == "VERSION")?.Tokens is [var first, ..] ? first.Value : null;
            return List(kind, environment, version)
                .Where(value => value.StartsWith(context.WordToComplete, StringComparison.Ordinal))
                .Select(value => new CompletionItem(value));
        });
    }

    private static GrytProject? Project(CliEnvironment environment) => GrytProject.TryFind(environment.WorkingDirectory);

    private static List<string> Versions(GrytProject? project)
    {
        if (project is null || !Directory.Exists(project.GenerationsFolder)) return [];
        return Directory.EnumerateFiles(project.GenerationsFolder, "*.yaml")
            .Select(Path.GetFileNameWithoutExtension)
            .Select(name => SemanticVersion.TryParse(name, out var version) ? version : null)
            .OfType<SemanticVersion>()
            .Order()
            .Select(v => v.ToString())
            .ToList();
    }

    private static List<string> ChangeIds(GrytProject? project, string? onlyVersion)
    {
        if (project is null) return [];
        var ids = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var text in Versions(project))
        {
            if (onlyVersion is not null && text != onlyVersion) continue;
            var version = SemanticVersion.Parse(text);
            var path = project.GenerationFile(version);
            try
            {
                foreach (var change in ContractFile.Load(path, project.Shown(path), version).Changes) ids.Add(change.Id);
            }
            catch (GrytException)
            {
                // An invalid contract file offers nothing to complete; the commands report it.
            }
        }

        return ids.ToList();
    }
}
