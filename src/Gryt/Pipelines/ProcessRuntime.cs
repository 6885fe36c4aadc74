using Gryt.Processes;

namespace Gryt;

/// <summary>
/// Runs steps' processes on this machine (it was <c>LocalRuntime</c>): argument lists (never a
/// command line spliced into a shell), exactly the environment given, stdin closed, stdout and
/// stderr streamed line by line (never buffered whole), and the whole process tree killed when the
/// token is cancelled (with every process that inherited a step's <c>GRYT_STEP_RUN_ID</c>, even
/// outside the tree).
/// </summary>
public sealed class ProcessRuntime : IRuntime
{
    /// <summary>Longer lines are passed on in pieces of this many characters, so memory stays bounded.</summary>
    public const int MaxLineLength = ChildProcess.MaxLineLength;

    /// <summary>The exit code reported when the program could not be started (as a shell does).</summary>
    public const int CannotStartExitCode = 127;

    /// <summary>
    /// How long output is still read after the process ended (or was killed): a descendant that
    /// escaped the process tree but keeps stdout open is then abandoned, so nothing waits on it for ever.
    /// </summary>
    public static readonly TimeSpan PipeGrace = ChildProcess.PipeGrace;

    public async Task<int> RunAsync(ProcessSpec spec, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onLine);
        var command = new ProcessCommand(spec.FileName, spec.Arguments)
        {
            WorkingDirectory = spec.WorkingDirectory,
            Environment = spec.Environment,
            InheritEnvironment = false,
            // Descendants that left the tree (setsid, daemons) still carry the step's marker.
            AlsoKill = spec.Environment.TryGetValue(Pipelines.Internal.StepProcesses.MarkerVariable, out var stepRunId)
                ? () => Pipelines.Internal.StepProcesses.KillMarked([stepRunId])
                : null,
        };
        try
        {
            return await ChildProcess.StreamAsync(command, onLine, cancellationToken).ConfigureAwait(false);
        }
        catch (ProcessStartException ex)
        {
            onLine(ex.Message);
            return CannotStartExitCode;
        }
    }
}
