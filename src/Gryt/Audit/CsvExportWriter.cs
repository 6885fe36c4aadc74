using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>
/// The CSV export (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
/// break): one row per record with a <c>record_type</c> column, and the header row always. The
/// evidence an auditor filters on has a column of its own (command, metric value, dirty, revocation,
/// gate results); the rest of a record is in <c>details</c> as JSON.
/// </summary>
internal sealed class CsvExportWriter(Stream stream) : ExportWriter
{
    public static readonly string[] Columns =
    [
        "record_type", "record_id", "parent_id", "version", "tag", "change_ids", "type", "name", "status", "title",
        "commit_sha", "started_at", "ended_at", "actor", "command", "value", "dirty", "revoked_at", "revoked_by", "reason", "gates",
        "details", "seq", "prev_hash", "hash",
    ];

    private static readonly Dictionary<string, int> Index = Columns.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);

    private readonly StreamWriter _writer = new(stream, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
    private readonly string?[] _row = new string?[Columns.Length];
    private ExportGeneration? _generation;

    public override void Begin(ExportHeader header) => WriteRow(Columns);

    public override void BeginGeneration(ExportGeneration generation)
    {
        _generation = generation;
        Start("generation", generation.GenerationId, null, generation.Version);
        Set("tag", generation.WasPromoted ? generation.ReleaseTag : null);
        Set("name", generation.PipelineTemplate);
        Set("status", generation.Status);
        Set("title", generation.Description);
        Set("commit_sha", generation.PromotedCommit);
        Set("started_at", generation.CreatedAt);
        Set("ended_at", generation.PromotedAt);
        Set("actor", generation.CreatedBy);
        Set("revoked_at", generation.RevokedAt);
        Set("revoked_by", generation.RevokedBy);
        Set("reason", generation.RevokedReason);
        Set("gates", generation.Gates.Count == 0 ? null : string.Join("; ", generation.Gates.Select(g => $"{g.Gate}: {(g.Passed ? "pass" : "fail")}")));
        Set("details", Details(("revision", generation.Revision), ("promoted_by", generation.PromotedBy), ("hotfix_of", generation.BaseVersion)));
        WriteRow(_row);
        foreach (var gate in generation.Gates)
        {
            Start("gate", generation.GenerationId + "/" + gate.Gate, generation.GenerationId, generation.Version);
            Set("tag", generation.ReleaseTag);
            Set("name", gate.Gate);
            Set("status", gate.Passed ? "pass" : "fail");
            Set("title", gate.Message);
            WriteRow(_row);
        }
    }

    public override void Change(ExportGeneration generation, ExportChange change)
    {
        Start("change", change.ChangeId, generation.GenerationId, generation.Version);
        Set("change_ids", change.ChangeId);
        Set("type", change.Type);
        Set("name", change.Pipeline);
        Set("title", change.Title);
        Set("details", Details(("description", change.Description)));
        WriteRow(_row);
    }

    public override void BeginEvolution(ExportGeneration generation, ExportEvolution evolution)
    {
        Start("evolution", evolution.EvolutionId, generation.GenerationId, generation.Version);
        Set("tag", evolution.Tag);
        Set("change_ids", string.Join(';', evolution.ChangeIds));
        Set("name", evolution.PipelineName);
        Set("status", evolution.Status);
        Set("commit_sha", evolution.CommitSha);
        Set("started_at", evolution.StartedAt);
        Set("ended_at", evolution.CompletedAt);
        Set("actor", evolution.CreatedBy);
        Set("dirty", evolution.Run is { } bound ? Flag(bound.Dirty) : null);
        Set("reason", evolution.Reason);
        Set("details", Details(("rc_number", evolution.RcNumber), ("run_id", evolution.Run?.RunId), ("dirty_proof", evolution.DirtyProof)));
        WriteRow(_row);
        if (evolution.Run is { } run) RunRow(run, evolution);
    }

    public override void Step(ExportEvolution? evolution, ExportRun run, ExportStep step)
    {
        Start("step", step.StepRunId, run.RunId, evolution is null ? null : _generation?.Version);
        Set("tag", evolution?.Tag);
        Set("name", step.StepName);
        Set("status", step.Status);
        Set("started_at", step.StartedAt);
        Set("ended_at", step.EndedAt);
        Set("command", step.Command);
        Set("details", Details(("exit_code", step.ExitCode), ("attempts", step.Attempts), ("duration_ms", step.DurationMs), ("log_path", step.LogPath)));
        WriteRow(_row);
    }

    public override void Metric(ExportEvolution? evolution, ExportRun run, ExportMetric metric)
    {
        Start(metric.Name is null ? "artifact" : "metric", metric.DataRowId, run.RunId, evolution is null ? null : _generation?.Version);
        Set("tag", evolution?.Tag);
        Set("type", metric.Source);
        Set("name", metric.Name ?? metric.ArtifactPath);
        Set("value", metric.Value?.ToString("R", CultureInfo.InvariantCulture));
        Set("started_at", metric.CreatedAt);
        Set("details", Details(("step", metric.StepName)));
        WriteRow(_row);
    }

    public override void PolicyCheck(ExportGeneration generation, ExportPolicyCheck check)
    {
        Start("policy_check", check.CheckId, generation.GenerationId, generation.Version);
        Set("tag", check.EvolutionTag);
        Set("change_ids", check.ChangeId);
        Set("name", check.PolicyName);
        Set("status", check.Passed ? "pass" : "fail");
        Set("started_at", check.CheckedAt);
        Set("details", Details(("pipeline", check.PipelineName), ("missing_steps", check.MissingSteps)));
        WriteRow(_row);
    }

    public override void BeginRun(ExportRun run) => RunRow(run, null);

    public override void Event(StoredAuditEvent auditEvent)
    {
        Start("audit_event", auditEvent.EventId, auditEvent.ResourceId, null);
        Set("type", auditEvent.EventType);
        Set("name", auditEvent.ResourceType);
        Set("status", auditEvent.Action);
        Set("started_at", auditEvent.Timestamp);
        Set("actor", auditEvent.Actor);
        Set("details", auditEvent.DetailsJson);
        Set("seq", auditEvent.Seq.ToString(CultureInfo.InvariantCulture));
        Set("prev_hash", auditEvent.PrevHash);
        Set("hash", auditEvent.Hash);
        WriteRow(_row);
    }

    public override void End(ExportHeader header) => _writer.Flush();

    public override void Dispose() => _writer.Dispose();

    private void RunRow(ExportRun run, ExportEvolution? evolution)
    {
        Start("run", run.RunId, evolution?.EvolutionId, evolution is null ? null : _generation?.Version);
        Set("tag", evolution?.Tag);
        Set("name", run.PipelineName);
        Set("status", run.Status);
        Set("commit_sha", run.CommitSha);
        Set("started_at", run.StartedAt);
        Set("ended_at", run.EndedAt);
        Set("actor", run.Actor);
        Set("dirty", Flag(run.Dirty));
        Set("details", Details(("exit_code", run.ExitCode), ("host", run.Host)));
        WriteRow(_row);
    }

    private void Start(string type, string id, string? parent, string? version)
    {
        Array.Clear(_row);
        Set("record_type", type);
        Set("record_id", id);
        Set("parent_id", parent);
        Set("version", version);
    }

    private void Set(string column, string? value) => _row[Index[column]] = value;

    private static string Flag(bool value) => value ? "true" : "false";

    private void WriteRow(string?[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0) _writer.Write(',');
            Field(fields[i]);
        }

        _writer.WriteLine();
    }

    private void Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            _writer.Write(value);
            return;
        }

        _writer.Write('"');
        _writer.Write(value.Replace("\"", "\"\"", StringComparison.Ordinal));
        _writer.Write('"');
    }

    /// <summary>A compact JSON object of the non-null values: real JSON, never a language's repr.</summary>
    private static string Details(params (string Name, object? Value)[] values)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            foreach (var (name, value) in values)
            {
                switch (value)
                {
                    case null: break;
                    case string text: json.WriteString(name, text); break;
                    case bool flag: json.WriteBoolean(name, flag); break;
                    case int number: json.WriteNumber(name, number); break;
                    case long number: json.WriteNumber(name, number); break;
                    default: json.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
