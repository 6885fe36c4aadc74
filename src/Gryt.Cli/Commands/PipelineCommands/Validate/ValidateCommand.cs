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
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new ValidateOptions(result.GetValue(name)!), environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ValidateOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var source = PipelineCatalog.Find(session.Project, options.Name, environment.WorkingDirectory);
        var info = await environment.InspectAsync(source, session.Project, cancellationToken);
        new Output(environment).Done($"{session.Project.Shown(source.Path)} is valid: {Counted.Of(info.Steps.Count, "step")}");
        return ExitCodes.Ok;
    }
}
