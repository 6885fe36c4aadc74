using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Pipelines.Loading;

namespace Gryt.Cli.Commands.PipelineCommands.Validate;

internal sealed record ValidateOptions(string Name);

internal static class ValidateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = PipelineCommand.NameArgument();
        var command = new Command("validate", "Check a pipeline file: exit 0 when valid, 2 with file:line:column of the problem") { name };
        command.SetHandler(environment, result => Run(new ValidateOptions(result.GetValue(name)!), environment));
        return command;
    }

    public static int Run(ValidateOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var source = PipelineCatalog.Find(session.Project, options.Name, environment.WorkingDirectory);
        var info = environment.Inspect(source, session.Project);
        new Output(environment).Done($"{session.Project.Shown(source.Path)} is valid: {Counted.Of(info.Steps.Count, "step")}");
        return ExitCodes.Ok;
    }
}
