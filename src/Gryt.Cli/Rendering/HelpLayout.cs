using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Gryt.Cli.Rendering;

/// <summary>
/// Help as gryt shows it: a subcommand's help lists only its own arguments. By default a parent's
/// arguments appear too (<c>gryt new [&lt;DIR&gt;] list</c>), though they mean nothing there.
/// </summary>
internal static class HelpLayout
{
    public static void Apply(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new OwnArgumentsHelp((HelpAction)help.Action!);
    }

    /// <summary>Shows help for the parsed command, for commands that show help instead of failing.</summary>
    public static int Show(ParseResult result) =>
        ((SynchronousCommandLineAction)result.RootCommandResult.Command.Options.OfType<HelpOption>().Single().Action!).Invoke(result);

    private sealed class OwnArgumentsHelp(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            // The default help has no seam for this: hide the parents' arguments while it renders.
            var hidden = new List<Argument>();
            for (var parent = parseResult.CommandResult.Parent as System.CommandLine.Parsing.CommandResult; parent is not null;
                 parent = parent.Parent as System.CommandLine.Parsing.CommandResult)
            {
                hidden.AddRange(parent.Command.Arguments.Where(argument => !argument.Hidden));
            }

            foreach (var argument in hidden) argument.Hidden = true;
            try
            {
                return inner.Invoke(parseResult);
            }
            finally
            {
                foreach (var argument in hidden) argument.Hidden = false;
            }
        }
    }
}
