using System.CommandLine;

namespace Gryt.Cli.Commands;

internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout instead of text" };

    public static Argument<string> Version(string description = "The generation's version, e.g. v2.1.0") =>
        new("VERSION") { Description = description };

    /// <summary>Runs <paramref name="handler"/> with failures turned into exit codes; the token is
    /// <see cref="GrytApp.RunAsync(string[], CliEnvironment, CancellationToken)"/>'s (commands that stop on Ctrl-C link it to StopSignals).</summary>
    public static void SetHandler(this Command command, CliEnvironment environment, Func<ParseResult, CancellationToken, Task<int>> handler) =>
        command.SetAction(async (result, cancellationToken) =>
        {
            try
            {
                return await handler(result, cancellationToken);
            }
            catch (Exception ex)
            {
                return GrytApp.Fail(environment, ex);
            }
        });
}
