using System.Text;

namespace Gryt.Cli.Tests.TestSupport;

internal sealed record CliResult(int ExitCode, string Out, string Err)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Err}";
}

/// <summary>
/// Runs <c>gryt</c> in-process through <see cref="GrytApp.RunAsync"/> with string writers, a temp
/// working directory, a fixed clock and only the environment variables the test sets (so that
/// CI=true or GRYT_DB on the machine running the tests cannot change the output).
/// </summary>
internal sealed class CliRunner(string workingDirectory, FixedClock? clock = null)
{
    public const string Actor = "Test User <test@example.invalid>";

    public string WorkingDirectory { get; set; } = workingDirectory;

    public FixedClock Clock { get; } = clock ?? new FixedClock();

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal) { ["GRYT_ACTOR"] = Actor };

    /// <summary>Standard input of the next commands (e.g. a key for <c>gryt sync login</c>).</summary>
    public string? Input { get; set; }

    public CliResult Run(params string[] args)
    {
        using var output = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        using var error = new StringWriter(new StringBuilder()) { NewLine = "\n" };
        var environment = new CliEnvironment(
            output, error, WorkingDirectory, name => Variables.GetValueOrDefault(name), outputIsTerminal: false, Clock)
        {
            In = new StringReader(Input ?? ""),
        };

        var exitCode = Invoke(args, environment);

        return new CliResult(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>
    /// <see cref="GrytApp.RunAsync"/> for tests that read like a shell session, one command per line. Run on the
    /// thread pool: the CLI's awaits resume on the captured context, which xunit's blocked test thread would starve.
    /// </summary>
    public static int Invoke(string[] args, CliEnvironment environment) =>
        Task.Run(() => GrytApp.RunAsync(args, environment)).GetAwaiter().GetResult();

    /// <summary>Runs and asserts exit 0, showing both streams when it is not.</summary>
    public CliResult Ok(params string[] args)
    {
        var result = Run(args);
        Assert.True(result.ExitCode == 0, $"gryt {string.Join(' ', args)} failed:\n{result}");
        return result;
    }
}
