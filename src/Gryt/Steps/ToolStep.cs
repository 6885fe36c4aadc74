using System.Text;

namespace Gryt;

/// <summary>
/// A built-in step that runs one or more tool commands (program plus argument list, never a
/// shell line) in the step's folder. Secrets such as API keys are read from environment variables
/// named by the step's options and handed to the tool through its environment, never its arguments.
/// The step fails with a clear message when the tool is not installed.
/// </summary>
public abstract class ToolStep : Step
{
    private protected ToolStep(string name, string? description)
        : base(name, description)
    {
    }

    /// <summary>The commands this step runs, in order; the first failure stops the step.</summary>
    /// <exception cref="InvalidInputException">The step cannot run as configured (a required
    /// secret is missing, no file matches); the message says why.</exception>
    internal abstract IReadOnlyList<ToolCommand> BuildCommands(ToolInvocation invocation);

    /// <summary>Runs after the commands (also when they failed), e.g. to record reports;
    /// <paramref name="state"/> is what <see cref="BeforeRun"/> returned.</summary>
    private protected virtual Task AfterRunAsync(StepContext context, ToolInvocation invocation, object? state, StepOutcome outcome, CancellationToken cancellationToken) =>
        Task.CompletedTask;

    /// <summary>Sees each output line of the commands and returns what to log (null: nothing), e.g. to
    /// count the tests a tool prints; <paramref name="state"/> is what <see cref="BeforeRun"/> returned.</summary>
    private protected virtual string? OnOutput(object? state, string line) => line;

    /// <summary>Runs before the commands are built, e.g. to note which result files exist already.</summary>
    private protected virtual object? BeforeRun(ToolInvocation invocation) => null;

    /// <summary>A clearer failure message than the exit code, from an output line that explains
    /// the failure (a version that is already published); null for other lines.</summary>
    private protected virtual string? ExplainFailure(string line) => null;

    public override async Task<StepOutcome> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var scratch = Directory.CreateTempSubdirectory("gryt-step-");
        try
        {
            var invocation = new ToolInvocation(context.WorkingDirectory, context.Environment, scratch.FullName);
            IReadOnlyList<ToolCommand> commands;
            object? state;
            try
            {
                state = BeforeRun(invocation);
                commands = BuildCommands(invocation);
            }
            catch (InvalidInputException e)
            {
                return new StepOutcome(false, null, e.Message);
            }

            foreach (var note in invocation.Notes)
            {
                context.Log(note);
            }

            string? explanation = null;
            void OnLine(string line)
            {
                explanation ??= ExplainFailure(line);
                if (OnOutput(state, line) is { } shown)
                {
                    context.Log(shown);
                }
            }

            var outcome = new StepOutcome(true, 0);
            foreach (var command in commands)
            {
                // The program found on the step's PATH is the one started: .NET would search gryt's own PATH.
                if (Steps.ToolLocator.Find(command.FileName, context.Environment) is not { } program)
                {
                    outcome = new StepOutcome(false, null, $"{command.FileName} is not installed (not found on PATH)");
                    break;
                }

                context.Log("$ " + command.Display());
                explanation = null;
                var environment = new Dictionary<string, string>(context.Environment.Count + command.Environment.Count, StringComparer.Ordinal);
                foreach (var (key, value) in context.Environment)
                {
                    environment[key] = value;
                }

                foreach (var (key, value) in command.Environment)
                {
                    environment[key] = value;
                }

                var spec = new ProcessSpec(program, command.Arguments, context.WorkingDirectory, environment);
                var exitCode = await context.Runtime.RunAsync(spec, OnLine, cancellationToken);
                if (exitCode != 0)
                {
                    var what = command.Display();
                    what = what.Length > 80 ? what[..80] + "…" : what;
                    outcome = new StepOutcome(false, exitCode, explanation ?? $"{what} exited with code {exitCode}");
                    break;
                }

                outcome = StepOutcome.FromExitCode(exitCode);
            }

            await AfterRunAsync(context, invocation, state, outcome, cancellationToken);
            return outcome;
        }
        finally
        {
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless; the step's result is what matters.
            }
        }
    }

    /// <summary>Reads a secret from the environment variable <paramref name="variable"/>.</summary>
    private protected static string? Secret(ToolInvocation invocation, string? variable) =>
        variable is not null && invocation.Environment.TryGetValue(variable, out var value) && value.Length > 0 ? value : null;
}

/// <summary>Where and with what a tool step's commands are built.</summary>
/// <param name="WorkingDirectory">The step's folder, absolute.</param>
/// <param name="Environment">The step's full environment (secrets are read from it by name).</param>
/// <param name="ScratchDirectory">A private temporary folder, deleted after the step.</param>
internal sealed record ToolInvocation(string WorkingDirectory, IReadOnlyDictionary<string, string> Environment, string ScratchDirectory)
{
    public string Resolve(string path) => Path.GetFullPath(path, WorkingDirectory);

    /// <summary>Lines the step logs before its commands run (a dry run's plan, a package skipped).</summary>
    public List<string> Notes { get; } = [];
}

/// <summary>A program, its argument list, and variables added to the step's environment for it.</summary>
internal sealed record ToolCommand(string FileName, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public ToolCommand(string fileName, IReadOnlyList<string> arguments)
        : this(fileName, arguments, new Dictionary<string, string>())
    {
    }

    /// <summary>The command as a shell would show it (for logs; never executed as text).</summary>
    public string Display()
    {
        var text = new StringBuilder(Quote(FileName));
        foreach (var argument in Arguments)
        {
            text.Append(' ').Append(Quote(argument));
        }

        return text.ToString();
    }

    private static string Quote(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || "-_./=:,+@%".Contains(c, StringComparison.Ordinal))
            ? value
            : "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
