using Gryt.Hooks;
using System.Globalization;
using Gryt.Steps;
using Gryt.Steps.Reports;

namespace Gryt.Pipelines.Internal;

/// <summary>
/// Runs one pipeline: schedules steps whose needs passed (at most <see cref="Pipeline.ParallelRunners"/>
/// at once), applies fail_fast, retries and timeouts, streams output to logs, records everything
/// and fires hooks. Cancellation interrupts the run; it never throws for it.
/// </summary>
internal sealed class PipelineRunner(Pipeline pipeline, IRuntime runtime, SqliteData? data, PipelineRunOptions options)
{
    private readonly TimeProvider _clock = options.Clock;

    private sealed class StepState(Step step, string stepRunId)
    {
        public Step Step { get; } = step;
        public string StepRunId { get; } = stepRunId;
        public StepStatus Status { get; set; } = StepStatus.Pending;
        public StepResult? Result { get; set; }

        /// <summary>Whether dependents may start: passed, or failed with continue_on_error.</summary>
        public bool Satisfies => Status == StepStatus.Pass || (Status == StepStatus.Fail && Step.ContinueOnError);

        public bool Blocks => Status is StepStatus.Skipped or StepStatus.Interrupted || (Status == StepStatus.Fail && !Step.ContinueOnError);
    }

    private sealed record RunFrame(
        string RunId, string Root, string RunLogs, string? CommitSha, bool Dirty, DateTimeOffset StartedAt,
        Dictionary<string, string> RunEnvironment, SecretMasker Masker, RunRecorder Recorder, HookDispatcher Hooks, RunFault Fault);

    public async Task<PipelineResult> RunAsync(CancellationToken cancellationToken)
    {
        var startedAt = _clock.GetUtcNow();
        var startTimestamp = _clock.GetTimestamp();
        var runId = options.RunId ?? Ids.New(startedAt);
        var host = options.Host;
        var here = host.WorkingDirectory;
        var root = Path.GetFullPath(options.RepositoryRoot ?? host.Git(here).TopLevel() ?? here);
        var git = host.Git(root);
        var (commit, dirty) = git.HeadState();
        var baseEnvironment = options.BaseEnvironment ?? host.Environment;
        var masker = SecretMasker.From(pipeline.Secrets, [baseEnvironment, pipeline.Environment, .. pipeline.Steps.Select(s => s.Environment)]);
        using var fault = new RunFault();
        var recorder = new RunRecorder(data, runId, options.GenerationId, options.EvolutionId, fault);
        var hooks = new HookDispatcher(pipeline, runId, recorder, masker, options.Observer, _clock, options.HookTimeout);
        var frame = new RunFrame(
            runId, root, Path.Combine(options.LogsFolder ?? Path.Combine(root, ".gryt", "logs"), runId), commit, dirty, startedAt,
            MergeEnvironment(baseEnvironment, pipeline.Environment), masker, recorder, hooks, fault);

        var states = pipeline.Steps.Select(s => new StepState(s, Ids.New(startedAt))).ToList();
        var byName = states.ToDictionary(s => s.Step.Name, StringComparer.Ordinal);

        if (data is not null)
        {
            lock (data.Gate) PipelineRuns.RecoverInterrupted(data.Database, _clock, host);
        }

        recorder.Do(store => store.CreateRun(
            runId, pipeline.Name, options.PipelinePath, options.EvolutionId, commit, dirty, startedAt,
            host.MachineName, host.ProcessId, options.Actor, options.CiUrl,
            states.Select(s => (s.StepRunId, s.Step.Name, StepCommand.Of(s.Step, masker)))));
        options.Observer?.RunStarted(runId, pipeline);

        var status = RunStatus.Fail;
        try
        {
            await hooks.FireAsync(PipelineEvent.PipelineStart, () => PipelinePayload(frame, PipelineEvent.PipelineStart, RunStatus.Running, states, null, null), null)
                .ConfigureAwait(false);
            await ScheduleAsync(frame, states, byName, cancellationToken).ConfigureAwait(false);

            // A run that could not write its logs or records failed, whatever its steps did.
            status = fault.IsSet ? RunStatus.Fail
                : cancellationToken.IsCancellationRequested ? RunStatus.Interrupted
                : states.Any(s => s.Status == StepStatus.Fail && !s.Step.ContinueOnError) || hooks.RequiredFailed ? RunStatus.Fail
                : RunStatus.Pass;
        }
        finally
        {
            // Recorded even when something unexpected throws, so the run never stays "running".
            var endedAt = startedAt + _clock.GetElapsedTime(startTimestamp);
            recorder.Do(store => store.EndRun(runId, status, endedAt, fault.IsSet ? PipelineResult.FaultExitCode : status switch { RunStatus.Pass => 0, RunStatus.Interrupted => 130, _ => 1 }));
        }

        // Closing the run may itself have failed: then it never counts as passed (no rc tag for it).
        if (fault.IsSet) status = RunStatus.Fail;
        var ended = startedAt + _clock.GetElapsedTime(startTimestamp);
        var outcome = status == RunStatus.Pass ? PipelineEvent.PipelineSuccess : PipelineEvent.PipelineFail;
        await hooks.FireAsync(outcome, () => PipelinePayload(frame, outcome, status, states, ended, null), null).ConfigureAwait(false);
        var endPayload = PipelinePayload(frame, PipelineEvent.PipelineEnd, status, states, ended, null);
        await hooks.FireAsync(PipelineEvent.PipelineEnd, () => endPayload, null).ConfigureAwait(false);
        await hooks.SendResultAsync(endPayload).ConfigureAwait(false);

        string? message = null;
        if (hooks.RequiredFailed)
        {
            var required = hooks.Failures.First(f => f.Required);
            message = $"required destination {required.Destination} failed on {required.Event}: {required.Message}";
            if (status == RunStatus.Pass)
            {
                // A required destination that failed after the outcome events were sent still fails the run.
                status = RunStatus.Fail;
                recorder.Do(store => store.EndRun(runId, status, ended, 1));
            }
        }

        // A hook delivery that could not be recorded is a fault too; a faulted run is never reported passed.
        if (fault.IsSet) status = RunStatus.Fail;
        return new PipelineResult(
            runId, pipeline.Name, status, states.Select(s => s.Result ?? Skipped(s, "not started", frame)).ToList(),
            startedAt, ended, commit, dirty, hooks.Failures) { Message = message, Fault = masker.ApplyOrNull(fault.Message) };
    }

    private async Task ScheduleAsync(RunFrame frame, List<StepState> states, Dictionary<string, StepState> byName, CancellationToken cancellationToken)
    {
        var running = new Dictionary<Task<StepResult>, StepState>();
        var stopped = false;
        // Each round scans from the first pending step, and for blocked steps only after a step that
        // blocks ended: scanning every step after every step's end was n² in a long pipeline.
        var firstPending = 0;
        var mayBlock = false;
        while (true)
        {
            if (mayBlock) SkipBlocked(frame, states, byName);
            mayBlock = false;
            while (firstPending < states.Count && states[firstPending].Status != StepStatus.Pending) firstPending++;
            var starting = new List<(StepState State, StepStart Started)>();
            if (!stopped && !cancellationToken.IsCancellationRequested && !frame.Fault.IsSet)
            {
                for (var i = firstPending; i < states.Count; i++)
                {
                    var state = states[i];
                    if (running.Count + starting.Count >= pipeline.ParallelRunners) break;
                    if (state.Status != StepStatus.Pending || !NeedsSatisfied(state, byName)) continue;
                    state.Status = StepStatus.Running;
                    starting.Add((state, Start(frame, state)));
                }
            }

            // One commit for the steps that just ended and those starting now (or for the ended
            // ones alone), before any of them starts: a finished step is on disk before a later step runs.
            frame.Recorder.Flush();
            foreach (var (state, started) in starting)
            {
                // One runner and a step of gryt's own (its synchronous part is starting a process): nothing
                // else to schedule meanwhile, so it starts on this thread, a thread-pool hop a step saved.
                // Otherwise on the pool: no step waits for another's start, nor the caller for a C# step
                // that works before its first await.
                running.Add(
                    pipeline.ParallelRunners == 1 && state.Step is CommandStep or ToolStep or Loading.ConfiguredStep
                        ? RunStepAsync(frame, state, started, cancellationToken)
                        : Task.Run(() => RunStepAsync(frame, state, started, cancellationToken), CancellationToken.None),
                    state);
            }

            if (running.Count == 0) break;
            var finished = running.Count == 1 ? running.Keys.First() : await Task.WhenAny(running.Keys).ConfigureAwait(false);
            var done = running[finished];
            running.Remove(finished);
            done.Result = await finished.ConfigureAwait(false);
            done.Status = done.Result.Status;
            mayBlock = done.Blocks;
            if (done.Status == StepStatus.Fail && !done.Step.ContinueOnError && pipeline.FailFast) stopped = true;
        }

        var reason = frame.Fault.Message is { } fault ? "the run stopped: " + fault
            : cancellationToken.IsCancellationRequested ? "the run was interrupted"
            : "fail_fast: an earlier step failed";
        foreach (var state in states.Where(s => s.Status == StepStatus.Pending)) Skip(frame, state, reason);
    }

    private void SkipBlocked(RunFrame frame, List<StepState> states, Dictionary<string, StepState> byName)
    {
        bool changed;
        do
        {
            changed = false;
            foreach (var state in states)
            {
                if (state.Status != StepStatus.Pending || Blocker(state, byName) is not { } blocker) continue;
                Skip(frame, state, $"needs {blocker.Step.Name}, which {(blocker.Status == StepStatus.Fail ? "failed" : "did not run")}");
                changed = true;
            }
        }
        while (changed);
    }

    // Loops, not LINQ: both run for every pending step each time a step ends (n² calls in a long pipeline).
    private static bool NeedsSatisfied(StepState state, Dictionary<string, StepState> byName)
    {
        var needs = state.Step.Needs;
        for (var i = 0; i < needs.Count; i++)
        {
            if (!byName[needs[i]].Satisfies) return false;
        }

        return true;
    }

    private static StepState? Blocker(StepState state, Dictionary<string, StepState> byName)
    {
        var needs = state.Step.Needs;
        for (var i = 0; i < needs.Count; i++)
        {
            if (byName[needs[i]] is { Blocks: true } blocker) return blocker;
        }

        return null;
    }

    private void Skip(RunFrame frame, StepState state, string reason)
    {
        state.Status = StepStatus.Skipped;
        state.Result = Skipped(state, reason, frame);
        frame.Recorder.Do(store => store.StepEnded(state.StepRunId, StepStatus.Skipped, null, 0, null, null, null));
        options.Observer?.StepFinished(state.Result);
    }

    private static StepResult Skipped(StepState state, string reason, RunFrame frame) =>
        new(state.Step.Name, StepStatus.Skipped, null, 0, TimeSpan.Zero, frame.Masker.Apply(reason), null, []);

    private readonly record struct StepStart(DateTimeOffset At, long Timestamp, string LogPath);

    /// <summary>The step's start, recorded with the scheduler's next commit (before its process starts).</summary>
    private StepStart Start(RunFrame frame, StepState state)
    {
        var started = new StepStart(_clock.GetUtcNow(), _clock.GetTimestamp(), Path.Combine(frame.RunLogs, state.Step.Name + ".log"));
        frame.Recorder.Later(store => store.StepStarted(state.StepRunId, started.At, started.LogPath));
        return started;
    }

    private async Task<StepResult> RunStepAsync(RunFrame frame, StepState state, StepStart started, CancellationToken cancellationToken)
    {
        var step = state.Step;
        var (startedAt, startTimestamp, logPath) = started;
        await frame.Hooks.FireAsync(PipelineEvent.StepStart, () => StepPayload(frame, PipelineEvent.StepStart, step.Name, StepStatus.Running, null, 0, startedAt, null, null), step.Name)
            .ConfigureAwait(false);
        options.Observer?.StepStarted(step.Name, 1);

        var workingDirectory = step.WorkingDirectory is null ? frame.Root : Path.GetFullPath(Path.Combine(frame.Root, step.WorkingDirectory));
        // Inherited and pipeline variables are merged once per run; only a step's own are layered here,
        // with the marker by which a later gryt finds this step's processes if this one dies (StepProcesses).
        var environment = step.Environment.Count == 0 ? new Dictionary<string, string>(frame.RunEnvironment, frame.RunEnvironment.Comparer) : MergeEnvironment(frame.RunEnvironment, step.Environment);
        environment[StepProcesses.MarkerVariable] = state.StepRunId;
        var status = StepStatus.Fail;
        int? exitCode = null;
        string? message = null;
        var attempts = 0;
        IReadOnlyList<string> tail;
        IReadOnlyList<FailedTest> failedTests = [];
        var warnings = new List<string>();
        using (var output = new StepOutput(
            frame.Masker, logPath, options.TailLines, (name, value) => frame.Recorder.Metric(step.Name, name, value, "line", _clock.GetUtcNow()), frame.Fault.Set))
        {
            var context = new StepContext(
                step, runtime, frame.Root, workingDirectory, environment, output.Line,
                (name, value) => frame.Recorder.Metric(step.Name, name, value, "api", _clock.GetUtcNow()),
                path => frame.Recorder.Artifact(step.Name, ArtifactFile.Of(frame.Root, workingDirectory, path), "api", _clock.GetUtcNow()));

            if (!Directory.Exists(workingDirectory))
            {
                attempts = 1;
                message = $"working directory {step.WorkingDirectory} does not exist";
                output.Note(message);
            }
            else
            {
                (status, exitCode, message, attempts) = await AttemptsAsync(step, context, output, frame.Fault, cancellationToken).ConfigureAwait(false);
            }

            // Before the log closes: a report's notes belong in the step's log file too.
            if (status != StepStatus.Interrupted)
            {
                ParseReports(frame, step, workingDirectory, output, warnings, context);
                if (step.ReportsRequired && warnings.Count > 0 && status == StepStatus.Pass)
                {
                    status = StepStatus.Fail;
                    message = warnings[0] + " (reports_required)";
                }
            }

            if (status == StepStatus.Pass) RecordArtifacts(frame, step, workingDirectory, output, warnings);

            // A log that could not be written (even only its last buffered lines) fails the step.
            if (output.Complete() is { } logFailure)
            {
                status = StepStatus.Fail;
                message = logFailure;
            }

            tail = output.Tail();
            if (status == StepStatus.Fail)
            {
                failedTests = [.. context.FailedTests.Select(t => new FailedTest(frame.Masker.Apply(t.Name), frame.Masker.ApplyOrNull(t.Message)))];
            }
        }

        var duration = _clock.GetElapsedTime(startTimestamp);
        var endedAt = startedAt + duration;
        message = frame.Masker.ApplyOrNull(message);
        var storedTail = StepOutput.StoredTail(tail);
        frame.Recorder.Later(store => store.StepEnded(state.StepRunId, status, exitCode, attempts, endedAt, (long)duration.TotalMilliseconds, storedTail));
        var result = new StepResult(step.Name, status, exitCode, attempts, duration, message, logPath, tail)
        {
            Tolerated = status == StepStatus.Fail && step.ContinueOnError,
            FailedTests = failedTests,
            Warnings = [.. warnings.Select(frame.Masker.Apply)],
        };

        var outcome = status switch
        {
            StepStatus.Pass => PipelineEvent.StepSuccess,
            StepStatus.Fail => PipelineEvent.StepFail,
            _ => (PipelineEvent?)null,
        };
        // Hooks may take their time (a slow webhook): the step's row is written first, not with the next step's start.
        if ((outcome is { } hooked && frame.Hooks.Has(hooked)) || frame.Hooks.Has(PipelineEvent.StepEnd)) frame.Recorder.Flush();
        if (outcome is { } stepOutcome)
        {
            await frame.Hooks.FireAsync(stepOutcome, () => StepPayload(frame, stepOutcome, step.Name, status, exitCode, attempts, startedAt, endedAt, message), step.Name)
                .ConfigureAwait(false);
        }

        await frame.Hooks.FireAsync(PipelineEvent.StepEnd, () => StepPayload(frame, PipelineEvent.StepEnd, step.Name, status, exitCode, attempts, startedAt, endedAt, message), step.Name)
            .ConfigureAwait(false);
        options.Observer?.StepFinished(result);
        return result;
    }

    private async Task<(StepStatus Status, int? ExitCode, string? Message, int Attempts)> AttemptsAsync(
        Step step, StepContext context, StepOutput output, RunFault fault, CancellationToken cancellationToken)
    {
        var maxAttempts = Math.Max(0, step.Retries) + 1;
        StepStatus status = StepStatus.Fail;
        int? exitCode = null;
        string? message = null;
        var attempt = 0;
        while (attempt < maxAttempts)
        {
            if (fault.Message is { } stop)
            {
                // No (further) attempt: the run cannot write what this step would produce.
                if (attempt > 0) return (status, exitCode, message, attempt);
                output.Note("not started: " + stop);
                return (StepStatus.Interrupted, null, "stopped: " + stop, 0);
            }

            attempt++;
            if (attempt > 1)
            {
                output.Note($"retrying: attempt {attempt} of {maxAttempts}");
                options.Observer?.StepStarted(step.Name, attempt);
            }

            using var timeout = step.Timeout is { } limit ? new CancellationTokenSource(limit, _clock) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token, fault.Token);
            try
            {
                var outcome = await step.RunAsync(context.ForAttempt(linked.Token), linked.Token).ConfigureAwait(false);
                exitCode = outcome.ExitCode;
                if (outcome.Passed)
                {
                    return (StepStatus.Pass, exitCode, outcome.Message, attempt);
                }

                status = StepStatus.Fail;
                message = outcome.Message ?? (exitCode is { } code ? $"exit code {code}" : "failed");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                output.Note("interrupted: the step's process tree was stopped");
                return (StepStatus.Interrupted, null, "interrupted", attempt);
            }
            catch (OperationCanceledException) when (fault.Message is { } stopped)
            {
                output.Note("stopped, its process tree was killed: " + stopped);
                return (StepStatus.Interrupted, null, "stopped: " + stopped, attempt);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                status = StepStatus.Fail;
                exitCode = null;
                message = $"timed out after {FormatDuration(step.Timeout!.Value)}; its process tree was killed";
                output.Note(message);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                status = StepStatus.Fail;
                exitCode = null;
                message = ex.Message.ReplaceLineEndings(" ");
                output.Note("the step failed: " + message);
            }

            if (cancellationToken.IsCancellationRequested) return (StepStatus.Interrupted, exitCode, "interrupted", attempt);
        }

        return (status, exitCode, message, attempt);
    }

    /// <summary>Records the metrics of the step's reports, combined as a built-in step's are (test
    /// counts summed over files); adds to <paramref name="warnings"/> each declared report that
    /// matched no file or could not be read, for the console; the failed tests they name to <paramref name="context"/>.</summary>
    private void ParseReports(RunFrame frame, Step step, string workingDirectory, StepOutput output, List<string> warnings, StepContext context)
    {
        var files = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var report in step.Reports)
        {
            var matched = ReportFiles.Expand(report, workingDirectory);
            if (matched.Count == 0)
            {
                Warn($"report {report} was not found in {step.WorkingDirectory ?? "the repository root"}");
            }

            files.AddRange(matched.Where(seen.Add));
        }

        foreach (var (name, value) in StepReports.Combine(files, note => Warn(note.StartsWith("gryt: ", StringComparison.Ordinal) ? note[6..] : note)))
        {
            frame.Recorder.Metric(step.Name, name, value, "report", _clock.GetUtcNow());
        }

        foreach (var file in files)
        {
            context.NoteTestReport(file);
        }

        void Warn(string warning)
        {
            output.Note(warning);
            warnings.Add(warning);
        }
    }

    /// <summary>The files a passed step's <c>artifacts:</c> match, each recorded with its size and SHA-256;
    /// an entry that matches nothing is a warning, not a failure (a build may legitimately skip an output).</summary>
    private void RecordArtifacts(RunFrame frame, Step step, string workingDirectory, StepOutput output, List<string> warnings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in step.Artifacts)
        {
            var matched = FileGlob.Find(entry, workingDirectory);
            if (matched.Count == 0)
            {
                var warning = $"artifact {entry} matched no file in {step.WorkingDirectory ?? "the repository root"}";
                output.Note(warning);
                warnings.Add(warning);
            }

            foreach (var file in matched.Where(seen.Add))
            {
                try
                {
                    frame.Recorder.Artifact(step.Name, ArtifactFile.Of(frame.Root, workingDirectory, file), "artifacts", _clock.GetUtcNow());
                }
                catch (Exception ex) when (ex is InvalidInputException or IOException or UnauthorizedAccessException)
                {
                    // Gone or unreadable between the match and the read: said, like a pattern that matched nothing.
                    var warning = $"artifact {Path.GetRelativePath(workingDirectory, file)} could not be read: {ex.Message}";
                    output.Note(warning);
                    warnings.Add(warning);
                }
            }
        }
    }

    /// <summary>
    /// Inherited, then pipeline, then step variables. PATH is never replaced: a PATH given by the
    /// pipeline or step is put in front of the inherited one.
    /// </summary>
    internal static Dictionary<string, string> MergeEnvironment(params IEnumerable<IReadOnlyDictionary<string, string>> layers)
    {
        var comparer = OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;
        var merged = new Dictionary<string, string>(comparer);
        var first = true;
        foreach (var layer in layers)
        {
            foreach (var (key, value) in layer)
            {
                if (!first && comparer.Equals(key, "PATH") && merged.TryGetValue(key, out var inherited) && inherited.Length > 0 && value != inherited)
                {
                    merged[key] = value.Length == 0 ? inherited : value + Path.PathSeparator + inherited;
                }
                else
                {
                    merged[key] = value;
                }
            }

            first = false;
        }

        return merged;
    }

    internal static string FormatDuration(TimeSpan span) =>
        span.TotalMilliseconds < 1000 ? $"{span.TotalMilliseconds:0}ms"
        : span.TotalSeconds < 60 ? $"{span.TotalSeconds:0.#}s"
        : span.TotalMinutes < 60 ? $"{span.TotalMinutes:0.#}m"
        : $"{span.TotalHours:0.#}h";

    private Dictionary<string, object?> PipelinePayload(
        RunFrame frame, PipelineEvent hookEvent, RunStatus status, List<StepState> states, DateTimeOffset? endedAt, string? message) => new()
        {
            [EventPayload.Event] = PipelineEvents.Name(hookEvent),
            [EventPayload.Pipeline] = pipeline.Name,
            [EventPayload.RunId] = frame.RunId,
            [EventPayload.Status] = status.ToWord(),
            [EventPayload.Step] = null,
            [EventPayload.FailedStep] = states.FirstOrDefault(s => s.Status == StepStatus.Fail && s.Result is { Tolerated: false })?.Step.Name,
            ["exit_code"] = endedAt is null ? null : status switch { RunStatus.Pass => 0, RunStatus.Interrupted => 130, _ => 1 },
            ["duration_ms"] = endedAt is null ? null : (long)(endedAt.Value - frame.StartedAt).TotalMilliseconds,
            ["started_at"] = Timestamps.Format(frame.StartedAt),
            ["ended_at"] = endedAt is null ? null : Timestamps.Format(endedAt.Value),
            ["commit_sha"] = frame.CommitSha,
            ["dirty"] = frame.Dirty,
            [EventPayload.Message] = message,
            ["steps"] = states.Select(s => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["name"] = s.Step.Name,
                ["status"] = s.Status.ToWord(),
                ["exit_code"] = s.Result?.ExitCode,
                ["duration_ms"] = s.Result is null ? null : (long)s.Result.Duration.TotalMilliseconds,
                ["message"] = s.Result?.Message,
            }).ToList(),
        };

    private Dictionary<string, object?> StepPayload(
        RunFrame frame, PipelineEvent hookEvent, string stepName, StepStatus status, int? exitCode, int attempts,
        DateTimeOffset startedAt, DateTimeOffset? endedAt, string? message) => new()
        {
            [EventPayload.Event] = PipelineEvents.Name(hookEvent),
            [EventPayload.Pipeline] = pipeline.Name,
            [EventPayload.RunId] = frame.RunId,
            [EventPayload.Status] = status.ToWord(),
            [EventPayload.Step] = stepName,
            ["exit_code"] = exitCode,
            ["attempts"] = attempts,
            ["duration_ms"] = endedAt is null ? null : (long)(endedAt.Value - startedAt).TotalMilliseconds,
            ["started_at"] = Timestamps.Format(startedAt),
            ["ended_at"] = endedAt is null ? null : Timestamps.Format(endedAt.Value),
            ["commit_sha"] = frame.CommitSha,
            [EventPayload.Message] = message,
        };

}
