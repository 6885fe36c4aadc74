using System.Buffers;
using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;

namespace Gryt.Processes;

/// <summary>
/// gryt's one way to start a process: steps, git, tool probes and command destinations all come
/// here. <see cref="StreamAsync"/> passes stdout and stderr on line by line (never buffered whole);
/// <see cref="Capture"/> and <see cref="CaptureAsync"/> keep them. Either way the whole process
/// tree is killed when the token is cancelled or the time limit passes, and a program that cannot
/// be started is a <see cref="ProcessStartException"/>.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Longer lines are passed on in pieces of this many characters, so memory stays bounded.</summary>
    public const int MaxLineLength = 64 * 1024;

    /// <summary>
    /// How long output is still read after the process ended (or was killed): a descendant that
    /// escaped the process tree but keeps stdout open is then abandoned, so nothing waits on it for ever.
    /// </summary>
    public static readonly TimeSpan PipeGrace = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Runs the process to its end, passing each line of stdout and stderr (merged, in the order
    /// seen) to <paramref name="onLine"/>, and returns its exit code. When <paramref name="onLine"/>
    /// throws, the tree is killed and the exception rethrown; when the token is cancelled, the tree
    /// is killed and <see cref="OperationCanceledException"/> thrown.
    /// </summary>
    public static async Task<int> StreamAsync(ProcessCommand command, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(onLine);
        cancellationToken.ThrowIfCancellationRequested();

        using var process = Start(command);
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
                    KillTree(process, command);
                }
            }
        }

        using var abandon = new CancellationTokenSource();
        var stdout = PumpAsync(process.StandardOutput, Emit, abandon.Token);
        var stderr = PumpAsync(process.StandardError, Emit, abandon.Token);
        using (cancellationToken.Register(() => KillTree(process, command)))
        {
            await WriteInputAsync(process, command, CancellationToken.None).ConfigureAwait(false);
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // The pipes close when the last process holding them ends, which may be a descendant that
        // left the tree (setsid, a daemon) and lives on for ever: wait a little, then stop reading.
        // WaitAsync's timer goes when the pumps end (a Task.Delay would live its 3 s, one a step).
        var pumps = Task.WhenAll(stdout, stderr);
        try
        {
            await pumps.WaitAsync(PipeGrace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Emit($"[gryt] stopped reading output {PipeGrace.TotalSeconds:0} s after the process ended: a background process still holds its stdout or stderr");
            lock (gate) open = false;

            await abandon.CancelAsync().ConfigureAwait(false);
            try
            {
                await pumps.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Abandoned above.
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        if (consumerFailure is not null) ExceptionDispatchInfo.Throw(consumerFailure);
        return process.ExitCode;
    }

    /// <summary>
    /// Runs the process to its end and returns what it wrote, waiting in this thread (for callers
    /// that are synchronous, such as git queries). Past <paramref name="timeout"/> the tree is
    /// killed and the result says <see cref="CapturedOutput.TimedOut"/>.
    /// </summary>
    public static CapturedOutput Capture(ProcessCommand command, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var process = Start(command);
        // Synchronous through and through, never blocking on a task: each pipe has a thread of its
        // own, so neither fills up while the other is read, and a program that never reads a large
        // input cannot hold this thread past the time limit.
        var output = Pipe.Start(process.StandardOutput.ReadToEnd);
        var error = Pipe.Start(process.StandardError.ReadToEnd);
        // Without input, stdin is only closed, which cannot block: no thread for it (a thread costs
        // about 0.2 ms of CPU to start, and git queries, most of these calls, have no input).
        var input = command.Input.IsEmpty ? null : Pipe.Start(() =>
        {
            WriteInput(process, command);
            return "";
        });
        if (input is null) WriteInput(process, command);
        if (!process.WaitForExit(timeout ?? Timeout.InfiniteTimeSpan))
        {
            KillTree(process, command);
            return new CapturedOutput(-1, "", "", TimedOut: true);
        }

        input?.Text();
        return new CapturedOutput(process.ExitCode, output.Text(), error.Text());
    }

    /// <summary>A pipe read (or written) to its end by a background thread.</summary>
    private sealed class Pipe
    {
        private readonly Thread _thread;
        private string _text = "";
        private Exception? _failure;

        private Pipe(Func<string> work) =>
            _thread = new Thread(() =>
            {
                try
                {
                    _text = work();
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException)
                {
                    // After a time-out the process is killed and disposed under the reader; otherwise reported by Text().
                    _failure = e;
                }
            }) { IsBackground = true, Name = "gryt process pipe" };

        public static Pipe Start(Func<string> work)
        {
            var pipe = new Pipe(work);
            pipe._thread.Start();
            return pipe;
        }

        /// <summary>Waits for the end of the pipe and returns what was read.</summary>
        public string Text()
        {
            _thread.Join();
            if (_failure is not null) ExceptionDispatchInfo.Throw(_failure);
            return _text;
        }
    }

    /// <summary>As <see cref="Capture"/>, awaited: cancelling the token kills the tree and throws <see cref="OperationCanceledException"/>.</summary>
    public static async Task<CapturedOutput> CaptureAsync(ProcessCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        using var process = Start(command);
        try
        {
            using (cancellationToken.Register(() => KillTree(process, command)))
            {
                var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = process.StandardError.ReadToEndAsync(cancellationToken);
                await WriteInputAsync(process, command, cancellationToken).ConfigureAwait(false);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                return new CapturedOutput(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
            }
        }
        finally
        {
            if (!process.HasExited) KillTree(process, command);
        }
    }

    private static Process Start(ProcessCommand command)
    {
        var start = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (command.WorkingDirectory is not null) start.WorkingDirectory = command.WorkingDirectory;
        foreach (var argument in command.Arguments) start.ArgumentList.Add(argument);
        if (!command.InheritEnvironment) start.Environment.Clear();
        foreach (var (name, value) in command.Environment) start.Environment[name] = value;

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            process.Dispose();
            throw new ProcessStartException(command.FileName, ex);
        }

        return process;
    }

    private static void WriteInput(Process process, ProcessCommand command)
    {
        try
        {
            if (!command.Input.IsEmpty) process.StandardInput.BaseStream.Write(command.Input.Span);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program may exit without reading its input; that is its choice.
        }
    }

    private static async Task WriteInputAsync(Process process, ProcessCommand command, CancellationToken cancellationToken)
    {
        try
        {
            if (!command.Input.IsEmpty) await process.StandardInput.BaseStream.WriteAsync(command.Input, cancellationToken).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program may exit without reading its input; that is its choice.
        }
    }

    private static void KillTree(Process process, ProcessCommand command)
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

        command.AlsoKill?.Invoke();
    }

    /// <summary>Splits a stream into lines without holding more than one line (at most <see cref="MaxLineLength"/>).</summary>
    internal static async Task PumpAsync(TextReader reader, Action<string> emit, CancellationToken cancellationToken = default)
    {
        // Pooled: a run of many short steps reuses the same few buffers.
        var buffer = ArrayPool<char>.Shared.Rent(16 * 1024);
        try
        {
            await PumpAsync(reader, buffer, emit, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private static async Task PumpAsync(TextReader reader, char[] buffer, Action<string> emit, CancellationToken cancellationToken)
    {
        StringBuilder? partial = null;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken).ConfigureAwait(false)) > 0)
        {
            partial ??= new StringBuilder();
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

        if (partial is { Length: > 0 }) emit(partial.ToString());
    }
}
