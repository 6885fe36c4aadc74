using Gryt.Audit;
using Gryt.Contracts;
using Gryt.Promotion;
using Gryt.Storage;
using Microsoft.Data.Sqlite;

namespace Gryt.Dashboard;

/// <summary>
/// The read model of <c>gryt dashboard</c>: bounded reads on a read-only connection kept open,
/// and a cheap check (<c>PRAGMA data_version</c>) of whether another process wrote since. Not
/// thread-safe: a host calls it from one task at a time, off its UI thread.
/// </summary>
internal sealed class DashboardReader : IDisposable
{
    /// <summary>How many generations, evolutions, events and output lines one screen reads at most.</summary>
    public const int GenerationLimit = 200;
    public const int EvolutionLimit = 50;
    public const int ChangeLimit = 200;
    public const int EventLimit = 20;
    public const int TailLines = 20;
    private const int TailBytes = 16 * 1024;

    private readonly GrytDatabase _database;
    private readonly SqliteConnection _connection;
    private readonly DashboardStore _store;
    private readonly TimeProvider _clock;
    private readonly GrytHost _host;
    private long? _dataVersion;
    private (long Seq, string Hash)? _verifiedHead;
    private ChainVerification? _chain;
    private DashboardSnapshot? _last;
    private (DashboardSelection Asked, DashboardSelection Shown)? _lastSelection;
    private (DashboardRunRow Row, List<DashboardStepRow> Steps)? _liveRun;

    public DashboardReader(GrytDatabase database, TimeProvider clock, GrytHost? host = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _database = database;
        _connection = database.OpenReadOnlyConnection();
        _store = new DashboardStore(_connection);
        _clock = clock;
        _host = host ?? GrytHost.Current;
    }

    /// <summary>Whether the database changed since the last call (true the first time).</summary>
    public bool Changed()
    {
        var version = _store.DataVersion();
        var changed = version != _dataVersion;
        _dataVersion = version;
        return changed;
    }

    /// <summary>What the last <see cref="Poll"/> read.</summary>
    public DashboardRead LastRead { get; private set; }

    /// <summary>SQL statements run so far on this reader's connection (what a tick costs).</summary>
    public int Statements => _store.Statements;

    /// <summary>
    /// The read of one tick of the host, or of a key (<paramref name="asked"/>): the whole screen when
    /// asked, the first time, for another selection, or when another process wrote (<c>PRAGMA
    /// data_version</c>); when nothing was written but a run goes on, only that run again from the rows
    /// read last (durations, whether its process is gone, the running step's log tail), without a
    /// query; else nothing (null).
    /// </summary>
    public DashboardSnapshot? Poll(DashboardSelection selection, bool asked = false, bool verifyChain = false)
    {
        ArgumentNullException.ThrowIfNull(selection);
        if (Changed() || asked || _last is null || (selection != _lastSelection?.Asked && selection != _lastSelection?.Shown))
        {
            LastRead = DashboardRead.All;
            return Load(selection, verifyChain);
        }

        if (_liveRun is not { } live)
        {
            LastRead = DashboardRead.Nothing;
            return null;
        }

        var run = Run(live.Row, live.Steps);
        if (run.Status == "interrupted")
        {
            // Its process is gone: its evolution shows interrupted too, so the whole screen is read again.
            LastRead = DashboardRead.All;
            return Load(selection);
        }

        LastRead = DashboardRead.Run;
        _last = _last with { Run = run, ReadAt = _clock.GetUtcNow() };
        return _last;
    }

    /// <summary>Reads one screen; <paramref name="verifyChain"/> walks the audit chain again even when its newest event did not change (refresh).</summary>
    public DashboardSnapshot Load(DashboardSelection selection, bool verifyChain = false)
    {
        ArgumentNullException.ThrowIfNull(selection);
        using var transaction = _connection.BeginTransaction(deferred: true);
        var generations = _store.Generations(GenerationLimit);
        var generation = generations.FirstOrDefault(g => g.GenerationId == selection.GenerationId) ?? generations.FirstOrDefault();
        var changes = generation is null ? [] : _store.Changes(generation.GenerationId, ChangeLimit).Select(c => new DashboardChange(
            c.ChangeId, c.Type, c.Title, c.Passed > 0 ? ChangeState.Proven : c.Failed > 0 ? ChangeState.Failed : ChangeState.Unproven)).ToList();
        var evolutions = generation is null ? [] : _store.Evolutions(generation.GenerationId, EvolutionLimit).Select(Evolution).ToList();

        var runRow = selection.EvolutionId is { } evolutionId
            ? (evolutions.FirstOrDefault(e => e.EvolutionId == evolutionId)?.RunId is { } runId ? _store.Run(runId) : null) ?? _store.RunOfEvolution(evolutionId)
            : _store.CurrentRun();
        var steps = runRow is null ? null : _store.Steps(runRow.RunId);
        var run = runRow is null ? null : Run(runRow, steps!);

        // count(*) walks the whole table: only needed when the list was cut at the limit.
        var count = generations.Count < GenerationLimit ? generations.Count : _store.GenerationCount();
        var audit = new DashboardAudit(VerifiedChain(verifyChain), _store.LastEvents(EventLimit));
        var snapshot = new DashboardSnapshot(generations, count, generation, changes, evolutions, run, audit, _clock.GetUtcNow(), Gates(generations));
        transaction.Commit();
        _last = snapshot;
        // The view keeps the generation shown when it asked for none (the newest): the same screen.
        _lastSelection = (selection, selection with { GenerationId = generation?.GenerationId });
        _liveRun = run?.Status is "running" or "pending" ? (runRow!, steps!) : null;
        return snapshot;
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>
    /// The built-in gates' rules per listed generation, from the triggers' counters; the failures
    /// query runs only for a generation whose changes are all proven. Policies, metric and C# gates
    /// need git and processes, too slow for every read: <c>gryt generation show</c> previews them.
    /// </summary>
    private Dictionary<string, string> Gates(List<DashboardGenerationRow> generations) =>
        generations.ToDictionary(g => g.GenerationId, g =>
        {
            var unproven = g.ChangesTotal - g.ChangesProven;
            var failures = g.ChangesTotal > 0 && unproven == 0 ? _store.UnresolvedFailures(g.GenerationId) : 0;
            return BuiltInGateRules.Summary(g.ChangesTotal, unproven, failures);
        }, StringComparer.Ordinal);

    private DashboardEvolution Evolution(DashboardEvolutionRow row)
    {
        var status = row.Status;
        if (status == "running" && (row.RunId is { } runId ? _store.Run(runId) : _store.RunOfEvolution(row.EvolutionId)) is { } run && Gone(run))
        {
            status = "interrupted";
        }

        return new(row.EvolutionId, row.RcNumber, row.Tag, status, row.CommitSha, Timestamps.Parse(row.StartedAt), row.Changes, row.RunId);
    }

    private DashboardRun Run(DashboardRunRow row, List<DashboardStepRow> stored)
    {
        var gone = Gone(row);
        var now = _clock.GetUtcNow();
        var steps = stored.Select(s =>
        {
            var status = gone && s.Status is "running" or "pending" ? (s.Status == "running" ? "interrupted" : "pending") : s.Status;
            TimeSpan? duration = s.DurationMs is { } ms ? TimeSpan.FromMilliseconds(ms)
                : s.Status == "running" && !gone && s.StartedAt is { } started ? now - Timestamps.Parse(started)
                : null;
            return new DashboardStep(s.StepName, status, duration);
        }).ToList();

        // The running step's log as it grows; else the output of the step that failed, or of the last that ran.
        var running = stored.FindLast(s => s.Status == "running");
        string? tailStep = null;
        IReadOnlyList<string> tail = [];
        if (running is { LogPath: { } log })
        {
            tailStep = running.StepName;
            tail = LogTail(log);
        }
        else if ((stored.FindLast(s => s.Status == "fail") ?? stored.FindLast(s => s.OutputTail is not null)) is { } ended)
        {
            tailStep = ended.StepName;
            tail = ended.OutputTail is { } text ? Last(text)
                : ended.LogPath is { } path ? LogTail(path)
                : [];
        }

        var status = gone ? "interrupted" : row.Status;
        return new DashboardRun(row.RunId, row.PipelineName, status, row.EvolutionId, row.CommitSha, row.Dirty,
            Timestamps.Parse(row.StartedAt), steps, tailStep, tail);
    }

    /// <summary>The end of a running step's log, read the way live progress reads it (the runner writes each line as it comes, masked).</summary>
    private static string[] LogTail(string path) =>
        Pipelines.Internal.StepOutput.ReadLogTail(path, TailLines, TailBytes)?.Split('\n') ?? [];

    private static string[] Last(string text)
    {
        var lines = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        return lines is [""] ? [] : lines[Math.Max(0, lines.Length - TailLines)..];
    }

    private bool Gone(DashboardRunRow run) => run.Status is "running" or "pending" && PipelineRuns.IsGone(run.Host, run.Pid, _host);

    /// <summary>
    /// The chain is verified again only when its newest event changed, and then from the head verified
    /// last (<see cref="AuditChain.VerifyFrom"/>: that event unchanged, then the events after it); the
    /// first read, a refresh (<paramref name="again"/>), a broken chain or a checkpoint that no longer
    /// holds walk the whole chain.
    /// </summary>
    private ChainVerification VerifiedChain(bool again)
    {
        var head = _store.AuditHead();
        if (again || _chain is null || head != _verifiedHead)
        {
            var from = again || _chain is not { Intact: true } || _verifiedHead is not { } verified ? null : new AuditCheckpoint(verified.Seq, verified.Hash);
            _chain = (from is null ? null : AuditChain.VerifyFrom(new AuditStore(_database).FromSeq(from.Seq), from)) ?? AuditChain.Verify(_database);
            _verifiedHead = _chain is { Intact: true, Events: > 0 } ? (_chain.Events, _chain.HeadHash) : head;
        }

        return _chain;
    }
}
