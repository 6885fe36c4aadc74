using System.CommandLine;

namespace Gryt.Cli.Commands;

internal static class CommonOptions
{
    public static Option<bool> Json() => new("--json") { Description = "Print one JSON document on stdout instead of text" };

    public static Argument<string> Version(string description = "The generation's version, e.g. v2.1.0") =>
        new("VERSION") { Description = description };

    /// <summary>Runs <paramref name="handler"/> with failures turned into exit codes.</summary>
    public static void SetHandler(this Command command, CliEnvironment environment, Func<ParseResult, int> handler) =>
        command.SetAction(result =>
        {
            try
            {
                return handler(result);
            }
            catch (Exception ex)
            {
                return GrytApp.Fail(environment, ex);
            }
        });
}
