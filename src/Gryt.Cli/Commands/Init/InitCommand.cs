using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Project;

namespace Gryt.Cli.Commands.Init;

internal sealed record InitOptions(string? Path, bool Force);

internal static class InitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var path = new Argument<string?>("PATH") { Description = "Folder to initialise (default: the current folder)", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Repair an existing .gryt/: restore missing files; never deletes generations or the database" };
        var command = new Command("init", "Create .gryt/ with settings, policies, an example pipeline and the database") { path, force };
        command.SetHandler(environment, result => Run(new InitOptions(result.GetValue(path), result.GetValue(force)), environment));
        return command;
    }

    public static int Run(InitOptions options, CliEnvironment environment)
    {
        var output = new Output(environment);
        var root = Path.GetFullPath(options.Path ?? ".", environment.WorkingDirectory);
        var result = ProjectInitializer.Initialize(root, options.Force, environment.Variable("GRYT_DB"));

        if (result.Repaired)
        {
            output.Done($"Repaired gryt project at {result.Project.GrytFolder}");
            foreach (var written in result.Written) output.Line("  restored " + result.Project.Shown(written));
            if (result.Written.Count == 0) output.Line("  nothing was missing");
            return ExitCodes.Ok;
        }

        output.Done($"Initialized gryt project at {result.Project.GrytFolder}");
        if (!Directory.Exists(Path.Combine(root, ".git")) && !File.Exists(Path.Combine(root, ".git")))
        {
            output.Warn("this folder is not the root of a git repository; evolutions and promotion need git tags");
        }

        output.Line();
        output.Line("Next: declare a release contract");
        output.Line("  gryt generation new v1.0.0");
        return ExitCodes.Ok;
    }
}
