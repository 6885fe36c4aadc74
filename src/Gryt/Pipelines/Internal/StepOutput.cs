using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Gryt.Pipelines.Internal;

/// <summary>
/// Where a step's output lines go: masked, appended to its log file, kept as a bounded tail, and
/// scanned for <c>::gryt metric NAME=VALUE</c>. Memory stays flat however much a step prints.
/// Lines may arrive from several threads (stdout and stderr readers); they are taken one at a time.
/// A log that cannot be written (a full disk) never throws at the step: <see cref="LogFailure"/>
/// says why, the callback given is told once (the runner stops the run), and lines are still taken.
/// The log is written through a buffer and flushed about once a second once lines came, so that
/// readers of a running step's log (live progress, the dashboard) are at most that far behind
/// without a write per line.
/// </summary>
internal sealed partial class StepOutput : IDisposable
{
    private const int MaxTailLineLength = 1024;
    private const int MaxTailBytes = 8 * 1024;
    private const string MetricPrefix = "::gryt metric ";
    private static readonly TimeSpan FlushInterval = TimeSpan.FromSeconds(1);

    private readonly SecretMasker _masker;
    private readonly string? _logPath;
    private readonly Action<string, double> _onMetric;
    private readonly Action<string>? _onLogFailed;
    private readonly string[] _tail;
    private readonly Lock _gate = new();
    private int _tailStart;
    private int _tailCount;
    private LogFile? _log;
    private Timer? _flush;
    private bool _unflushed;
    private string? _logFailure;
    private bool _notified;

    public StepOutput(SecretMasker masker, string? logPath, int tailLines, Action<string, double> onMetric, Action<string>? onLogFailed = null)
    {
        _masker = masker;
        _onMetric = onMetric;
        _onLogFailed = onLogFailed;
        _logPath = logPath;
        _tail = new string[Math.Max(1, tailLines)];
        if (logPath is null) return;
        try
        {
            _log = OpenLog(logPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogFailed(ex);
            NotifyLogFailure();
        }
    }

    // The run's log folder exists after its first step: made only when the open finds it missing.
    private static LogFile OpenLog(string path)
    {
        try
        {
            return new LogFile(path);
        }
        catch (IOException ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            // A log is created, never opened: ENOENT means its folder was missing. .NET says
            // FileNotFound when a parallel step made the folder between the open and its check.
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            return new LogFile(path);
        }
    }

    /// <summary>Why the step's log could not be written (the first failure), or null.</summary>
    public string? LogFailure
    {
        get
        {
            lock (_gate) return _logFailure;
        }
    }

    public void Line(string line)
    {
        line = _masker.Apply(line);
        lock (_gate)
        {
            if (_log is not null)
            {
                try
                {
                    _log.WriteLine(line);
                    _unflushed = true;
                    // Started by the first line: a step that prints nothing costs no timer.
                    _flush ??= new Timer(static state => ((StepOutput)state!).FlushLog(), this, FlushInterval, FlushInterval);
                }
                catch (IOException ex)
                {
                    LogFailed(ex);
                }
            }

            AddToTail(line.Length > MaxTailLineLength ? line[..MaxTailLineLength] + "…" : line);
        }

        NotifyLogFailure();
        if (line.StartsWith(MetricPrefix, StringComparison.Ordinal)) ParseMetric(line[MetricPrefix.Length..]);
    }

    /// <summary>Writes what is buffered and closes the log; returns <see cref="LogFailure"/>.</summary>
    public string? Complete()
    {
        lock (_gate) CloseLog();
        NotifyLogFailure();
        return LogFailure;
    }

    /// <summary>A line from gryt itself (retry notices, timeouts), marked so it is not mistaken for the step's.</summary>
    public void Note(string text) => Line("[gryt] " + text);

    public IReadOnlyList<string> Tail()
    {
        lock (_gate)
        {
            var lines = new string[_tailCount];
            for (var i = 0; i < _tailCount; i++) lines[i] = _tail[(_tailStart + i) % _tail.Length];
            return lines;
        }
    }

    /// <summary>The tail as stored in <c>step_runs.output_tail</c>: at most 8 KB, newest lines kept.</summary>
    public static string? StoredTail(IReadOnlyList<string> tail)
    {
        if (tail.Count == 0) return null;
        var text = string.Join('\n', tail);
        return Encoding.UTF8.GetByteCount(text) <= MaxTailBytes ? text : text[^Math.Min(text.Length, MaxTailBytes / 2)..];
    }

    public void Dispose()
    {
        lock (_gate) CloseLog();
    }

    private void FlushLog()
    {
        lock (_gate)
        {
            if (_log is null || !_unflushed) return;
            _unflushed = false;
            try
            {
                _log.Flush();
            }
            catch (IOException ex)
            {
                LogFailed(ex);
            }
        }

        NotifyLogFailure();
    }

    /// <summary>
    /// The last lines of a step's log file as a reader sees it while the step runs: at most
    /// <paramref name="maxLines"/> lines and <paramref name="maxBytes"/> bytes (a line cut by that
    /// limit is dropped), or null when the file is missing or empty.
    /// </summary>
    public static string? ReadLogTail(string path, int maxLines, int maxBytes)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            // One byte more than the limit: whether the first line read starts there or was cut.
            var start = Math.Max(0, stream.Length - maxBytes - 1);
            stream.Position = start;
            bytes = new byte[stream.Length - start];
            stream.ReadExactly(bytes);
            if (start > 0)
            {
                var newline = Array.IndexOf(bytes, (byte)'\n');
                bytes = newline < 0 ? [] : bytes[(newline + 1)..];
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        var lines = Encoding.UTF8.GetString(bytes).TrimEnd('\n').Split('\n');
        var text = string.Join('\n', lines[Math.Max(0, lines.Length - maxLines)..]);
        return text.Length == 0 ? null : text;
    }

    private void CloseLog()
    {
        _flush?.Dispose();
        _flush = null;
        if (_log is null) return;
        var log = _log;
        _log = null;
        try
        {
            log.Dispose();
        }
        catch (IOException ex)
        {
            LogFailed(ex);
        }
    }

    // Called under _gate (or from the constructor). The log is given up: a full disk stays full.
    private void LogFailed(Exception ex)
    {
        if (_log is { } log)
        {
            _log = null;
            try
            {
                log.Dispose();
            }
            catch (IOException)
            {
                // What was buffered cannot be written either.
            }
        }

        // .NET appends " : 'path'" to the system's reason; the path is already in the sentence.
        var reason = PathSuffix().Replace(ex.Message.ReplaceLineEndings(" "), "").TrimEnd('.');
        _logFailure ??= $"cannot write the step's log {_logPath}: {reason}";
    }

    // Outside _gate: the runner stops the run's processes from this callback.
    private void NotifyLogFailure()
    {
        if (Volatile.Read(ref _logFailure) is null) return; // the usual case, without taking the lock per line
        string? failure;
        lock (_gate)
        {
            if (_notified || _logFailure is null) return;
            _notified = true;
            failure = _logFailure;
        }

        _onLogFailed?.Invoke(failure);
    }

    private void AddToTail(string line)
    {
        if (_tailCount < _tail.Length)
        {
            _tail[(_tailStart + _tailCount) % _tail.Length] = line;
            _tailCount++;
        }
        else
        {
            _tail[_tailStart] = line;
            _tailStart = (_tailStart + 1) % _tail.Length;
        }
    }

    private void ParseMetric(string text)
    {
        var match = MetricLine().Match(text);
        if (match.Success
            && double.TryParse(match.Groups[2].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && double.IsFinite(value))
        {
            _onMetric(match.Groups[1].Value, value);
        }
        else
        {
            Note($"ignored malformed metric line (expected ::gryt metric NAME=NUMBER): {text}");
        }
    }

    [GeneratedRegex(@" : '[^']*'$")]
    private static partial Regex PathSuffix();

    [GeneratedRegex(@"^\s*([A-Za-z0-9._-]+)\s*=\s*(\S+)\s*$")]
    private static partial Regex MetricLine();
}
