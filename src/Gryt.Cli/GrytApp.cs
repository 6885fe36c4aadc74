using System.CommandLine;
using Gryt.Cli.Commands.CompletionCommands;
using Gryt.Cli.Commands.CompletionCommands.Complete;
using Gryt.Cli.Commands.AuditCommands;
using Gryt.Cli.Commands.ComplianceCommands;
using Gryt.Cli.Commands.DashboardCommands;
using Gryt.Cli.Commands.DbCommands;
using Gryt.Cli.Commands.EvolutionCommands;
using Gryt.Cli.Commands.GenerationCommands;
using Gryt.Cli.Commands.InitCommands;
using Gryt.Cli.Commands.KeyCommands;
using Gryt.Cli.Commands.NewCommands;
using Gryt.Cli.Commands.PipelineCommands;
using Gryt.Cli.Commands.ReleaseCommands;
using Gryt.Cli.Commands.RunCommands;
using Gryt.Cli.Commands.SyncCommands;
using Gryt.Cli.Rendering;

namespace Gryt.Cli;

/// <summary>The <c>gryt</c> command tree, and the one place where failures become exit codes.</summary>
internal static class GrytApp
{
    /// <summary>
    /// Parses and runs one command line. <paramref name="cancellationToken"/> reaches every command's
    /// action; System.CommandLine's own Ctrl-C handling is off (a null <c>ProcessTerminationTimeout</c>):
    /// gryt catches Ctrl-C and SIGTERM only in <see cref="Pipelines.Hosting.StopSignals"/>, where a run
    /// asks for them, and elsewhere they end the process as they always did.
    /// </summary>
    public static Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default) =>
        RunAsync(Create(environment, args), args, environment, cancellationToken);

    /// <summary>Parses and runs one command line against <paramref name="root"/> (tests pass the whole tree).</summary>
    internal static async Task<int> RunAsync(RootCommand root, string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parsed = root.Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Err,
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };

        // --version and --help clear parse errors, so `gryt sync --version` would print the version
        // and exit 0: an unknown word is an error whatever option follows it. (A directive such as
        // [suggest] carries the line it completes as unmatched tokens.)
        var error = parsed.Errors.Count > 0 ? parsed.Errors[0].Message
            : parsed.UnmatchedTokens.Count > 0 && !parsed.Tokens.Any(t => t.Type == System.CommandLine.Parsing.TokenType.Directive) ? $"Unrecognized command or argument '{parsed.UnmatchedTokens[0]}'."
            : null;
        if (error is not null)
        {
            environment.Err.WriteLine("gryt: error: " + error);
            var command = string.Join(' ', CommandPath(parsed));
            environment.Err.WriteLine($"hint: see {command} --help");
            return ExitCodes.BadInput;
        }

        try
        {
            return await parsed.InvokeAsync(configuration, cancellationToken);
        }
        catch (Exception ex)
        {
            return Fail(environment, ex);
        }
    }

    /// <summary>The top-level commands by name, built only when needed.</summary>
    private static readonly (string Name, Func<CliEnvironment, Command> Create)[] Commands =
    [
        ("init", InitCommand.Create),
        ("new", NewCommand.Create),
        ("generation", GenerationCommand.Create),
        ("evolution", EvolutionCommand.Create),
        ("run", RunCommand.Create),
        ("pipeline", PipelineCommand.Create),
        ("db", DbCommand.Create),
        ("completion", CompletionCommand.Create),
        ("audit", AuditCommand.Create),
        ("release", ReleaseCommand.Create),
        ("key", KeyCommand.Create),
        ("compliance", ComplianceCommand.Create),
        ("sync", SyncCommand.Create),
        ("dashboard", DashboardCommand.Create),
        ("__complete", CompleteCommand.Create),
    ];

    /// <summary>The command tree; tests walk it to check every command's help.</summary>
    internal static RootCommand Create(CliEnvironment environment) => Create(environment, []);

    /// <summary>
    /// The tree a command line needs: when its first word names a command, that command alone, and
    /// for a bare <c>--version</c> none. Building (and so touching the code of) all fifteen command
    /// trees cost every command memory it never used (docs/benchmarks.md, "Memory floor"). Anything
    /// else (help, a directive, a typo) gets the whole tree, as its output lists the commands.
    /// </summary>
    internal static RootCommand Create(CliEnvironment environment, string[] args)
    {
        var root = new RootCommand("gryt: nothing ships until what a release promised is proven.");
        var named = args.Length > 0 ? Array.FindIndex(Commands, command => command.Name == args[0]) : -1;
        var needed = args is ["--version"] ? [] : named >= 0 ? Commands[named..(named + 1)] : Commands;
        foreach (var (_, create) in needed) root.Subcommands.Add(create(environment));
        CompletionValues.Attach(root, environment);

        // Otherwise help names the host process: the tool's entry assembly, or testhost in-process.
        root.HelpName = "gryt";
        HelpLayout.Apply(root);
        VersionAction.Apply(root);

        // Plain `gryt` shows what it can do rather than an error.
        root.SetAction(HelpLayout.Show);
        return root;
    }

    internal static int Fail(CliEnvironment environment, Exception exception)
    {
        // A full or read-only disk, or a file that is not a database, is the environment's fault whichever command met it.
        for (var cause = exception; exception is not GrytException && cause is not null; cause = cause.InnerException)
        {
            if (Storage.StorageFaults.Classify(cause) is { } translated) exception = translated;
        }

        if (exception is GrytException gryt)
        {
            environment.Err.WriteLine("gryt: error: " + gryt.Message);
            if (gryt.Hint is not null) environment.Err.WriteLine("hint: " + gryt.Hint);
            if (environment.Debug) environment.Err.WriteLine(exception.ToString());
            return ExitCodes.For(gryt);
        }

        if (exception is OperationCanceledException)
        {
            environment.Err.WriteLine("gryt: interrupted");
            return ExitCodes.Interrupted;
        }

        environment.Err.WriteLine($"gryt: error: internal error: {OneLine(exception.Message)} ({exception.GetType().Name})");
        if (environment.Debug) environment.Err.WriteLine(exception.ToString());
        else environment.Err.WriteLine("hint: this is a bug in gryt; GRYT_DEBUG=1 shows the details to report");
        return ExitCodes.InternalError;
    }

    private static Stack<string> CommandPath(ParseResult parsed)
    {
        var names = new Stack<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(result.Parent is null ? "gryt" : result.Command.Name);
        }

        return names;
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
