using System.CommandLine;

namespace Gryt.Cli.Commands.CompletionCommands.Complete;

internal sealed record CompleteOptions(string Kind, string? Version);

/// <summary>
/// <c>gryt __complete KIND [VERSION]</c> (hidden): the values shells complete, one per line —
/// versions, changes (of VERSION, or all), pipelines or templates. For scripts of one's own; the
/// scripts of <c>gryt completion</c> ask through System.CommandLine's <c>[suggest]</c> directive.
/// </summary>
internal static class CompleteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var kind = new Argument<string>("KIND") { Description = "versions, changes, pipelines or templates" };
        kind.AcceptOnlyFromAmong(CompletionValues.Kinds);
        var version = new Argument<string?>("VERSION") { Description = "For changes: only this generation's", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("__complete", "List values for shell completion") { kind, version };
        command.Hidden = true;
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new CompleteOptions(result.GetValue(kind)!, result.GetValue(version)), environment)));
        return command;
    }

    public static int Run(CompleteOptions options, CliEnvironment environment)
    {
        foreach (var value in CompletionValues.List(options.Kind, environment, options.Version)) environment.Out.WriteLine(value);
        return ExitCodes.Ok;
    }
}
