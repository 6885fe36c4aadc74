using Gryt.Processes;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>Runs a real process with an argument list (never a shell string) and collects its output.</summary>
internal static class ProcessRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static CliResult Run(string fileName, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args) =>
        Run(Timeout, fileName, workingDirectory, environment, args);

    /// <summary>As <see cref="Run(string, string, IReadOnlyDictionary{string, string?}?, string[])"/>, for slow commands (dotnet pack).</summary>
    public static CliResult Run(TimeSpan timeout, string fileName, string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        // A null value removes the variable: the whole environment is given, built from this process's.
        var variables = GrytHost.Current.Environment.ToDictionary(StringComparer.Ordinal);
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) variables.Remove(name);
            else variables[name] = value;
        }

        var result = ChildProcess.Capture(
            new ProcessCommand(fileName, args) { WorkingDirectory = workingDirectory, Environment = variables, InheritEnvironment = false }, timeout);
        if (result.TimedOut) throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds} s");
        return new CliResult(result.ExitCode, result.Output, result.Error);
    }
}
