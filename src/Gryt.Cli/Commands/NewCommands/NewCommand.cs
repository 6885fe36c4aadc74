using System.CommandLine;
using Gryt.Cli.Commands.NewCommands.List;
using Gryt.Cli.Rendering;
using Gryt.Scaffolding.Templates;

namespace Gryt.Cli.Commands.NewCommands;

internal sealed record NewOptions(string? Directory, string Template, string Version);

/// <summary><c>gryt new DIR --template T</c>: a new project from a built-in template; <c>gryt new list</c> lists them.</summary>
internal static class NewCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var directory = new Argument<string?>("DIR") { Description = "The folder to create (it must not exist, or be empty)", Arity = ArgumentArity.ZeroOrOne };
        var template = new Option<string>("--template", "-t")
        {
            Description = "The template: " + string.Join(", ", TemplateCatalog.All.Select(t => t.Name)) + " (see gryt new list)",
            DefaultValueFactory = _ => "minimal",
            HelpName = "T",
        };
        var version = new Option<string>("--version")
        {
            Description = "The version of the first generation",
            DefaultValueFactory = _ => ProjectCreator.DefaultVersion,
            HelpName = "VERSION",
        };
        var command = new Command("new", "Create a project from a template: sources, git repository, .gryt/, pipeline and a first generation")
        {
            directory, template, version, ListCommand.Create(environment),
        };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(
            new NewOptions(result.GetValue(directory), result.GetValue(template)!, result.GetValue(version)!), environment)));
        return command;
    }

    public static int Run(NewOptions options, CliEnvironment environment)
    {
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            throw new InvalidInputException("gryt new needs the folder to create: gryt new DIR --template T", "see the templates with: gryt new list");
        }

        var template = TemplateCatalog.Get(options.Template);
        var root = Path.GetFullPath(options.Directory, environment.WorkingDirectory);
        var result = ProjectCreator.Create(root, template, options.Version, environment.Context(root), environment.Variable("GRYT_DB"));

        var output = new Output(environment);
        var project = result.Project;
        output.Done($"Created {project.Root} from template {template.Name}");
        output.KeyValues(
            ("pipeline", $"{template.Pipeline} ({project.Shown(Path.Combine(project.PipelinesFolder, template.Pipeline + ".yaml"))})"),
            ("generation", $"{result.Version} with change {template.ChangeId}, pipeline_template {template.Pipeline}"),
            ("git", $"branch main, first commit {result.Commit[..7]}"),
            ("files", result.Files.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        output.Line();
        output.Line("Next:");
        output.Line("  cd " + Path.GetRelativePath(environment.WorkingDirectory, project.Root));
        output.Line($"  gryt run {template.Pipeline} --no-evolution");
        output.Line($"  gryt evolution start {result.Version} --change {template.ChangeId}");
        output.Line($"  gryt run {template.Pipeline}");
        return ExitCodes.Ok;
    }
}
