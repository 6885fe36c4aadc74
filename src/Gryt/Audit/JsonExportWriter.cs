using System.Text.Encodings.Web;
using System.Text.Json;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>The JSON export: one document (see docs/audit.md), flushed to the file as it grows.</summary>
internal sealed class JsonExportWriter(Stream stream) : ExportWriter
{
    private const int FlushThreshold = 64 * 1024;

    private readonly Utf8JsonWriter _json = new(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    private bool _inRun;

    public override void Begin(ExportHeader header)
    {
        _json.WriteStartObject();
        _json.WriteString("format", "gryt.audit-export");
        _json.WriteNumber("format_version", 1);
        _json.WriteString("exported_at", header.ExportedAt);
        _json.WriteString("exported_by", header.ExportedBy);
        _json.WriteString("gryt_version", header.GrytVersion);
        _json.WriteStartObject("filters");
        _json.WriteString("since", header.Since);
        _json.WriteString("version", header.Version);
        _json.WriteEndObject();
        _json.WriteStartObject("summary");
        _json.WriteNumber("generations", header.Summary.Generations);
        _json.WriteNumber("promoted", header.Summary.Promoted);
        _json.WriteNumber("evolutions", header.Summary.Evolutions);
        _json.WriteNumber("evolutions_passed", header.Summary.Passed);
        _json.WriteNumber("evolutions_failed", header.Summary.Failed);
        _json.WriteNumber("evolutions_with_runs", header.Summary.EvolutionsWithRuns);
        _json.WriteEndObject();
    }

    public override void BeginGenerations() => _json.WriteStartArray("generations");

    public override void BeginGeneration(ExportGeneration generation)
    {
        _json.WriteStartObject();
        _json.WriteString("generation_id", generation.GenerationId);
        _json.WriteString("version", generation.Version);
        _json.WriteString("release_tag", generation.ReleaseTag);
        _json.WriteString("status", generation.Status);
        _json.WriteString("description", generation.Description);
        _json.WriteString("hotfix_of", generation.BaseVersion);
        _json.WriteString("pipeline_template", generation.PipelineTemplate);
        _json.WriteNumber("revision", generation.Revision);
        _json.WriteString("created_at", generation.CreatedAt);
        _json.WriteString("created_by", generation.CreatedBy);
        _json.WriteString("promoted_at", generation.PromotedAt);
        _json.WriteString("promoted_by", generation.PromotedBy);
        _json.WriteString("promoted_commit", generation.PromotedCommit);
        _json.WriteString("revoked_at", generation.RevokedAt);
        _json.WriteString("revoked_by", generation.RevokedBy);
        _json.WriteString("revoked_reason", generation.RevokedReason);
        _json.WritePropertyName("gates");
        GateJson.Write(_json, generation.Gates);
        _json.WriteStartArray("changes");
    }

    public override void Change(ExportGeneration generation, ExportChange change)
    {
        _json.WriteStartObject();
        _json.WriteString("change_id", change.ChangeId);
        _json.WriteString("type", change.Type);
        _json.WriteString("title", change.Title);
        _json.WriteString("description", change.Description);
        _json.WriteString("pipeline", change.Pipeline);
        _json.WriteEndObject();
    }

    public override void BeginEvolutions(ExportGeneration generation)
    {
        _json.WriteEndArray();
        _json.WriteStartArray("evolutions");
    }

    public override void BeginEvolution(ExportGeneration generation, ExportEvolution evolution)
    {
        _json.WriteStartObject();
        _json.WriteString("evolution_id", evolution.EvolutionId);
        _json.WriteNumber("rc_number", evolution.RcNumber);
        _json.WriteString("tag", evolution.Tag);
        _json.WriteString("status", evolution.Status);
        _json.WriteStartArray("changes");
        foreach (var id in evolution.ChangeIds) _json.WriteStringValue(id);
        _json.WriteEndArray();
        _json.WriteString("pipeline", evolution.PipelineName);
        _json.WriteString("commit_sha", evolution.CommitSha);
        _json.WriteString("started_at", evolution.StartedAt);
        _json.WriteString("completed_at", evolution.CompletedAt);
        _json.WriteString("created_by", evolution.CreatedBy);
        _json.WriteString("reason", evolution.Reason);
        _json.WriteBoolean("dirty_proof", evolution.DirtyProof);
        if (evolution.Run is null)
        {
            _json.WriteNull("run");
            return;
        }

        _json.WritePropertyName("run");
        StartRun(evolution.Run);
    }

    public override void Step(ExportEvolution? evolution, ExportRun run, ExportStep step)
    {
        _json.WriteStartObject();
        _json.WriteString("step_run_id", step.StepRunId);
        _json.WriteString("name", step.StepName);
        _json.WriteString("status", step.Status);
        _json.WriteString("command", step.Command);
        Number("exit_code", step.ExitCode);
        _json.WriteNumber("attempts", step.Attempts);
        _json.WriteString("started_at", step.StartedAt);
        _json.WriteString("ended_at", step.EndedAt);
        Number("duration_ms", step.DurationMs);
        _json.WriteString("log_path", step.LogPath);
        _json.WriteEndObject();
    }

    public override void BeginMetrics(ExportRun run)
    {
        _json.WriteEndArray();
        _json.WriteStartArray("metrics");
    }

    public override void Metric(ExportEvolution? evolution, ExportRun run, ExportMetric metric)
    {
        _json.WriteStartObject();
        _json.WriteString("step", metric.StepName);
        _json.WriteString("name", metric.Name);
        if (metric.Value is { } value && double.IsFinite(value)) _json.WriteNumber("value", value);
        else _json.WriteNull("value");
        _json.WriteString("source", metric.Source);
        _json.WriteString("artifact_path", metric.ArtifactPath);
        _json.WriteString("recorded_at", metric.CreatedAt);
        _json.WriteEndObject();
    }

    public override void BeginPolicyChecks(ExportGeneration generation)
    {
        _json.WriteEndArray();
        _json.WriteStartArray("policy_checks");
    }

    public override void PolicyCheck(ExportGeneration generation, ExportPolicyCheck check)
    {
        _json.WriteStartObject();
        _json.WriteString("check_id", check.CheckId);
        _json.WriteString("policy", check.PolicyName);
        _json.WriteString("change_id", check.ChangeId);
        _json.WriteString("evolution", check.EvolutionTag);
        _json.WriteString("pipeline", check.PipelineName);
        _json.WriteBoolean("passed", check.Passed);
        _json.WritePropertyName("missing_steps");
        WriteStoredJson(check.MissingSteps);
        _json.WriteString("checked_at", check.CheckedAt);
        _json.WriteEndObject();
    }

    public override void EndEvolution(ExportEvolution evolution)
    {
        if (_inRun) EndRun(evolution.Run!);
        _json.WriteEndObject();
        Flush();
    }

    public override void EndGeneration(ExportGeneration generation)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        Flush();
    }

    public override void EndGenerations() => _json.WriteEndArray();

    public override void BeginRuns() => _json.WriteStartArray("runs_without_evolution");

    public override void BeginRun(ExportRun run) => StartRun(run);

    public override void EndRun(ExportRun run)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _inRun = false;
        Flush();
    }

    public override void EndRuns() => _json.WriteEndArray();

    public override void BeginEvents() => _json.WriteStartArray("audit_events");

    public override void Event(StoredAuditEvent auditEvent)
    {
        _json.WriteStartObject();
        _json.WriteNumber("seq", auditEvent.Seq);
        _json.WriteString("event_id", auditEvent.EventId);
        _json.WriteString("timestamp", auditEvent.Timestamp);
        _json.WriteString("event_type", auditEvent.EventType);
        _json.WriteString("resource_type", auditEvent.ResourceType);
        _json.WriteString("resource_id", auditEvent.ResourceId);
        _json.WriteString("action", auditEvent.Action);
        _json.WriteString("actor", auditEvent.Actor);
        // The stored text, byte for byte, so a reader can recompute the hash; and parsed, to read.
        _json.WriteString("details_json", auditEvent.DetailsJson);
        _json.WritePropertyName("details");
        try
        {
            using var details = JsonDocument.Parse(auditEvent.DetailsJson);
            details.WriteTo(_json);
        }
        catch (JsonException)
        {
            _json.WriteNullValue();
        }

        _json.WriteString("prev_hash", auditEvent.PrevHash);
        _json.WriteString("hash", auditEvent.Hash);
        _json.WriteEndObject();
        Flush();
    }

    public override void EndEvents() => _json.WriteEndArray();

    public override void End(ExportHeader header)
    {
        _json.WritePropertyName("chain");
        header.Chain.WriteJson(_json);
        _json.WriteEndObject();
        _json.Flush();
    }

    public override void Dispose() => _json.Dispose();

    private void StartRun(ExportRun run)
    {
        _json.WriteStartObject();
        _json.WriteString("run_id", run.RunId);
        _json.WriteString("pipeline", run.PipelineName);
        _json.WriteString("status", run.Status);
        _json.WriteString("commit_sha", run.CommitSha);
        _json.WriteBoolean("dirty", run.Dirty);
        _json.WriteString("started_at", run.StartedAt);
        _json.WriteString("ended_at", run.EndedAt);
        Number("exit_code", run.ExitCode);
        _json.WriteString("actor", run.Actor);
        _json.WriteString("host", run.Host);
        _json.WriteStartArray("steps");
        _inRun = true;
    }

    /// <summary>A stored JSON value as JSON; text that is not JSON as a string, so a hand-edited row never breaks the file.</summary>
    private void WriteStoredJson(string? text)
    {
        if (text is null)
        {
            _json.WriteNullValue();
            return;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            document.WriteTo(_json);
        }
        catch (JsonException)
        {
            _json.WriteStringValue(text);
        }
    }

    private void Number(string name, long? value)
    {
        if (value is { } v) _json.WriteNumber(name, v);
        else _json.WriteNull(name);
    }

    private void Flush()
    {
        if (_json.BytesPending >= FlushThreshold) _json.Flush();
    }
}
