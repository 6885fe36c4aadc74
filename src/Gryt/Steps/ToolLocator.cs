using Gryt.Processes;

namespace Gryt.Steps;

/// <summary>
/// Finds a program on the step's PATH, as the process runner would. The PATH is the step's,
/// which the runner builds from <c>PipelineRunOptions.Host</c>; gryt's own never counts.
/// </summary>
internal static class ToolLocator
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(15);

    /// <summary>The program on the host's PATH, or null.</summary>
    public static string? Find(string program, GrytHost host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return Find(program, host.Environment);
    }

    /// <summary>The program on <paramref name="environment"/>'s PATH (none: not found), or null.</summary>
    public static string? Find(string program, IReadOnlyDictionary<string, string> environment)
    {
        if (program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal) || program.Contains(Path.AltDirectorySeparatorChar, StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }

        var path = environment.TryGetValue("PATH", out var value) ? value : "";
        string[] extensions = OperatingSystem.IsWindows() ? ["", ".exe", ".cmd", ".bat"] : [""];
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(folder, program + extension);
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="program"/> exits 0 within a few seconds, run with exactly
    /// <paramref name="environment"/>: a quiet probe, such as whether a Python can import a module,
    /// made before a step picks its command.
    /// </summary>
    public static bool Succeeds(string program, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var command = new ProcessCommand(program, arguments)
        {
            WorkingDirectory = workingDirectory,
            Environment = environment,
            InheritEnvironment = false,
        };
        try
        {
            return ChildProcess.Capture(command, ProbeTimeout).Succeeded;
        }
        catch (ProcessStartException)
        {
            return false;
        }
    }
}
