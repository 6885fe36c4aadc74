using System.Net.Http;
using Gryt.Pipelines.Internal;
using Gryt.Storage;
using Gryt.Sync.Wire;
using Microsoft.Data.Sqlite;

namespace Gryt.Sync;

/// <summary>
/// A run's progress on the sync server while it goes on (hybrid and cloud mode, docs/sync.md "Live
/// runs"): about every <see cref="Interval"/>, on a task of its own, the run, its evolution, its steps
/// (a running one with the tail of its log file) and its metrics, whichever changed since the last push.
/// It reads the database on a read-only connection of its own and writes nothing while the run goes on,
/// so it never waits for the runner nor holds it up; a slow or unreachable server only delays its next
/// push, and a refusal (a key the server refuses, a record it will not take) ends live pushing for this
/// run. <see cref="FinishAsync"/> stops it and sends the final state.
/// </summary>
internal sealed class LiveRunPush : IAsyncDisposable
{
    /// <summary>At most one push this often.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>A running step's tail: its log's last lines, within <see cref="TailBytes"/>.</summary>
    public const int TailLines = 40;

    public const int TailBytes = 8 * 1024;

    /// <summary>How long one push may take; the run never waits for it, only the next push does.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The final push waits this long at most: the run is over and its user waits.</summary>
    private static readonly TimeSpan FinalTimeout = TimeSpan.FromSeconds(3);

    private readonly SyncService _sync;
    private readonly GrytDatabase _database;
    private readonly string _runId;
    private readonly TimeProvider _clock;
    private readonly CancellationTokenSource _stop = new();
    private readonly Dictionary<(string Kind, string Id), string> _sent = [];
    private readonly Task _loop;
    private SyncClient? _client;
    private bool _evolutionRefused;
    private bool _stopped;
    private bool _reached;
    private bool _final;
    private string? _problem;

    private LiveRunPush(SyncService sync, GrytDatabase database, string runId, TimeProvider clock)
    {
        _sync = sync;
        _database = database;
        _runId = runId;
        _clock = clock;
        _loop = Task.Run(() => LoopAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Starts pushing run <paramref name="runId"/>'s progress; null in local mode (nothing is sent).</summary>
    public static LiveRunPush? Start(SyncService sync, GrytDatabase database, string runId, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(sync);
        return sync.Settings.Mode == Project.SyncMode.Local || sync.Settings.Server is null ? null : new LiveRunPush(sync, database, runId, clock);
    }

    /// <summary>
    /// Stops the live pushes and, with <paramref name="pushFinal"/>, sends the run's final state once (at
    /// most a few seconds; skipped when the server was out of reach), remembering what the server took so
    /// that <c>gryt sync push</c> does not send it again.
    /// </summary>
    /// <returns>What the user should know (live progress stopped or the final state not sent), or null.</returns>
    public async Task<string?> FinishAsync(bool pushFinal, CancellationToken cancellationToken)
    {
        await StopAsync();
        if (_stopped) return _problem;
        if (!pushFinal) return null;
        if (!_reached && _problem is not null)
        {
            return $"the run's progress did not reach the sync server ({_problem}); gryt sync push sends it";
        }

        using var connection = OpenReadOnly();
        if (connection is null) return _problem;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(FinalTimeout);
        _final = true;
        var (ok, pushed) = await PushOnceAsync(connection, limit.Token);
        if (pushed.Count > 0)
        {
            try
            {
                var store = new SyncStore(_database);
                _database.WriteTransaction(t =>
                {
                    foreach (var record in pushed) store.SetRecordHash(t, record.Kind, record.Id, record.Sha256);
                });
            }
            catch (Exception ex) when (ex is SqliteException or GrytEnvironmentException)
            {
                // Not remembered: the next sync push sends them again and the server answers "exists".
            }
        }

        if (ok) return null;
        return _reached
            ? $"the sync server may still show the run as running ({_problem}); gryt sync push sends its end"
            : $"the run's progress did not reach the sync server ({_problem}); gryt sync push sends it";
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client?.Dispose();
        _stop.Dispose();
    }

    /// <summary>Stops the live pushes (a push under way is abandoned) and waits for them to end.</summary>
    public async Task StopAsync()
    {
        Cancel();
        await _loop;
    }

    /// <summary>Stops the live pushes without waiting (the run could not start).</summary>
    public void Cancel()
    {
        if (!_stop.IsCancellationRequested) _stop.Cancel();
    }

    private async Task LoopAsync(CancellationToken token)
    {
        using var connection = OpenReadOnly();
        if (connection is null) return;
        while (!_stopped)
        {
            try
            {
                await Task.Delay(Interval, _clock, token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using var limit = CancellationTokenSource.CreateLinkedTokenSource(token);
            limit.CancelAfter(RequestTimeout);
            await PushOnceAsync(connection, limit.Token);
            if (token.IsCancellationRequested) return;
        }
    }

    private SqliteConnection? OpenReadOnly()
    {
        try
        {
            return _database.OpenReadOnlyConnection();
        }
        catch (SqliteException ex)
        {
            _problem = "cannot read the run: " + ex.Message;
            return null;
        }
    }

    /// <summary>Sends what changed since the last push: whether all of it went (or nothing had to), and what the server took. Never throws.</summary>
    private async Task<(bool Ok, IReadOnlyList<WireRecord> Pushed)> PushOnceAsync(SqliteConnection connection, CancellationToken token)
    {
        List<WireRecord> changed;
        try
        {
            changed = Unsent(connection);
        }
        catch (SqliteException ex)
        {
            // Busy or damaged: the next push tries again; the runner reports its own database failures.
            _problem = "cannot read the run: " + ex.Message;
            return (false, []);
        }

        if (changed.Count == 0) return (true, []);
        try
        {
            _client ??= await _sync.ConnectAsync(token);
            try
            {
                await _client.PushRecordsAsync(changed, token);
            }
            catch (GrytException ex) when (!_evolutionRefused && changed.FirstOrDefault(r => r.Kind == RecordKinds.Evolution) is { } evolution
                && (ex is NotFoundException || ex is RecordRefusedException refused && refused.Id == evolution.Id))
            {
                // The server lacks its contract or gave its rc number away: the run's own progress still goes.
                _evolutionRefused = true;
                changed.Remove(evolution);
                if (changed.Count > 0) await _client.PushRecordsAsync(changed, token);
            }

            foreach (var record in changed) _sent[(record.Kind, record.Id)] = record.Sha256;
            _reached = true;
            _problem = null;
            return (true, changed);
        }
        catch (OperationCanceledException)
        {
            _problem = _final || !_stop.IsCancellationRequested
                ? $"cannot reach the sync server {_sync.Settings.Server}: no answer within {(_final ? FinalTimeout : RequestTimeout).TotalSeconds:0} s"
                : $"cannot reach the sync server {_sync.Settings.Server}: no answer before the run ended";
        }
        catch (GrytEnvironmentException ex) when (ex.InnerException is HttpRequestException or OperationCanceledException)
        {
            _problem = ex.Message;
        }
        catch (GrytException ex)
        {
            // A refused key or record: asking again every few seconds would not change the answer.
            _problem = "live progress stopped: " + ex.Message;
            _stopped = true;
        }

        return (false, []);
    }

    private List<WireRecord> Unsent(SqliteConnection connection)
    {
        if (SyncStore.LiveRun(connection, _runId) is not { } live) return [];
        var records = new List<WireRecord>();
        if (live.Evolution is { } evolution && !_evolutionRefused) records.Add(SyncRecords.ToWire(evolution));
        records.Add(SyncRecords.ToWire(live.Run));
        foreach (var (step, logPath) in live.Steps)
        {
            // A running step's tail is in its log file only (the row gets it when the step ends).
            records.Add(SyncRecords.ToWire(step.Status == RecordStatuses.Running && logPath is not null
                ? step with { OutputTail = StepOutput.ReadLogTail(logPath, TailLines, TailBytes) }
                : step));
        }

        records.AddRange(live.Metrics.Select(SyncRecords.ToWire));
        return [.. records.Where(r => !_sent.TryGetValue((r.Kind, r.Id), out var sha) || sha != r.Sha256)];
    }
}
