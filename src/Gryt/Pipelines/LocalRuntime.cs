using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Gryt;

/// <summary>
/// Runs steps' processes on this machine: argument lists (never a command line spliced into a
/// shell), exactly the environment given, stdin closed, stdout and stderr streamed line by line
/// (never buffered whole), and the whole process tree killed when the token is cancelled (with
/// every process that inherited a step's <c>GRYT_STEP_RUN_ID</c>, even outside the tree).
/// </summary>
public sealed class LocalRuntime : IRuntime
{
    /// <summary>Longer lines are passed on in pieces of this many characters, so memory stays bounded.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>The exit code reported when the program could not be started (as a shell does).</summary>
    public const int CannotStartExitCode = 127;

    /// <summary>
    /// How long output is still read after the process ended (or was killed): a descendant that
    /// escaped the process tree but keeps stdout open is then abandoned, so nothing waits on it for ever.
    /// </summary>
    public static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(3);

    public async Task<int> RunAsync(ProcessSpec spec, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(onLine);
        cancellationToken.ThrowIfCancellationRequested();

        var start = new ProcessStartInfo(spec.FileName)
        {
            WorkingDirectory = spec.WorkingDirectory,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in spec.Arguments) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (key, value) in spec.Environment) start.Environment[key] = value;

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            onLine($"cannot start {spec.FileName}: {ex.Message}");
            return CannotStartExitCode;
        }

        process.StandardInput.Close();
        var gate = new Lock();
        var open = true;
        Exception? consumerFailure = null;
        void Emit(string line)
        {
            lock (gate)
            {
                if (!open) return;
                try
                {
                    onLine(line);
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    // Whoever takes the lines cannot (a full disk under the log): stop the process
                    // rather than let it block on a pipe nobody reads, and keep draining meanwhile.
                    open = false;
                    consumerFailure = ex;
                    KillTree(process, spec);
                }
            }
        }

        using var abandon = new CancellationTokenSource();
        var stdout = PumpAsync(process.StandardOutput, Emit, abandon.Token);
        var stderr = PumpAsync(process.StandardError, Emit, abandon.Token);
        using (cancellationToken.Register(() => KillTree(process, spec)))
        {
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // The pipes close when the last process holding them ends, which may be a descendant that
        // left the tree (setsid, a daemon) and lives on for ever: wait a little, then stop reading.
        var pumps = Task.WhenAll(stdout, stderr);
        if (await Task.WhenAny(pumps, Task.Delay(PipeGrace, CancellationToken.None)).ConfigureAwait(false) != pumps)
        {
            Emit($"[gryt] stopped reading output {PipeGrace.TotalSeconds:0} s after the process ended: a background process still holds its stdout or stderr");
            lock (gate) open = false;

            await abandon.CancelAsync().ConfigureAwait(false);
        }

        try
        {
            await pumps.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested)
        {
            // Abandoned above.
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (consumerFailure is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(consumerFailure);
        return process.ExitCode;
    }

    private static void KillTree(Process process, ProcessSpec spec)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It ended on its own meanwhile.
        }
        catch (Win32Exception)
        {
            // Part of the tree ended while it was being killed.
        }

        // Descendants that left the tree (setsid, daemons) still carry the step's marker.
        if (spec.Environment.TryGetValue(Pipelines.Internal.StepProcesses.MarkerVariable, out var stepRunId))
        {
            Pipelines.Internal.StepProcesses.KillMarked([stepRunId]);
        }
    }

    /// <summary>Splits a stream into lines without holding more than one line (at most <see cref="MaxLineLength"/>).</summary>
    internal static async Task PumpAsync(TextReader reader, Action<string> emit, CancellationToken cancellationToken = default)
    {
        var buffer = new char[16 * 1024];
        var partial = new StringBuilder();
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            var start = 0;
            while (start < read)
            {
                var newline = Array.IndexOf(buffer, '\n', start, read - start);
                if (newline < 0)
                {
                    partial.Append(buffer, start, read - start);
                    break;
                }

                var end = newline > start && buffer[newline - 1] == '\r' ? newline - 1 : newline;
                if (partial.Length == 0)
                {
                    emit(new string(buffer, start, end - start));
                }
                else
                {
                    partial.Append(buffer, start, end - start);
                    if (partial.Length > 0 && partial[^1] == '\r') partial.Length--;
                    emit(partial.ToString());
                    partial.Clear();
                }

                start = newline + 1;
            }

            while (partial.Length >= MaxLineLength)
            {
                emit(partial.ToString(0, MaxLineLength));
                partial.Remove(0, MaxLineLength);
            }
        }

        if (partial.Length > 0) emit(partial.ToString());
    }
}
