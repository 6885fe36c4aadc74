using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>
/// The CSV export (RFC 4180: CRLF line ends, fields quoted when they hold a comma, quote or line
/// break): one row per record with a <c>record_type</c> column, and the header row always.
/// </summary>
internal sealed class CsvExportWriter(Stream stream) : ExportWriter
{
    public static readonly string[] Columns =
    [
        "record_type", "record_id", "parent_id", "version", "tag", "change_ids", "type", "name", "status", "title",
        "commit_sha", "started_at", "ended_at", "actor", "details", "seq", "prev_hash", "hash",
    ];

    private readonly StreamWriter _writer = new(stream, new UTF8Encoding(false), 64 * 1024) { NewLine = "\r\n" };
    private readonly string?[] _row = new string?[Columns.Length];
    private ExportGeneration? _generation;

    public override void Begin(ExportHeader header) => WriteRow(Columns);

    public override void BeginGeneration(ExportGeneration generation)
    {
        _generation = generation;
        Row("generation", generation.GenerationId, null, generation.Version, generation.Status == "promoted" ? generation.ReleaseTag : null, null, null,
            generation.PipelineTemplate, generation.Status, generation.Description, generation.PromotedCommit, generation.CreatedAt, generation.PromotedAt,
            generation.CreatedBy, Details(("revision", generation.Revision), ("promoted_by", generation.PromotedBy), ("hotfix_of", generation.BaseVersion)));
    }

    public override void Change(ExportGeneration generation, ExportChange change) =>
        Row("change", change.ChangeId, generation.GenerationId, generation.Version, null, change.ChangeId, change.Type, change.Pipeline, null, change.Title,
            null, null, null, null, Details(("description", change.Description)));

    public override void BeginEvolution(ExportGeneration generation, ExportEvolution evolution)
    {
        Row("evolution", evolution.EvolutionId, generation.GenerationId, generation.Version, evolution.Tag, string.Join(';', evolution.ChangeIds), null,
            evolution.PipelineName, evolution.Status, null, evolution.CommitSha, evolution.StartedAt, evolution.CompletedAt, evolution.CreatedBy,
            Details(("rc_number", evolution.RcNumber), ("run_id", evolution.Run?.RunId)));
        if (evolution.Run is { } run) RunRow(run, evolution);
    }

    public override void Step(ExportEvolution? evolution, ExportRun run, ExportStep step) =>
        Row("step", step.StepRunId, run.RunId, evolution is null ? null : _generation?.Version, evolution?.Tag, null, null, step.StepName, step.Status, null,
            null, step.StartedAt, step.EndedAt, null,
            Details(("exit_code", step.ExitCode), ("attempts", step.Attempts), ("duration_ms", step.DurationMs), ("log_path", step.LogPath)));

    public override void BeginRun(ExportRun run) => RunRow(run, null);

    public override void Event(StoredAuditEvent auditEvent)
    {
        Row("audit_event", auditEvent.EventId, auditEvent.ResourceId, null, null, null, auditEvent.EventType, auditEvent.ResourceType, auditEvent.Action, null,
            null, auditEvent.Timestamp, null, auditEvent.Actor, auditEvent.DetailsJson);
        _row[15] = auditEvent.Seq.ToString(CultureInfo.InvariantCulture);
        _row[16] = auditEvent.PrevHash;
        _row[17] = auditEvent.Hash;
        WriteRow(_row);
    }

    public override void End(ExportHeader header) => _writer.Flush();

    public override void Dispose() => _writer.Dispose();

    private void RunRow(ExportRun run, ExportEvolution? evolution) =>
        Row("run", run.RunId, evolution?.EvolutionId, evolution is null ? null : _generation?.Version, evolution?.Tag, null, null, run.PipelineName, run.Status, null,
            run.CommitSha, run.StartedAt, run.EndedAt, run.Actor, Details(("dirty", run.Dirty), ("exit_code", run.ExitCode), ("host", run.Host)));

    /// <summary>Fills the first fifteen columns; events add their chain columns before writing.</summary>
    private void Row(string type, string id, string? parent, string? version, string? tag, string? changes, string? kind, string? name, string? status,
        string? title, string? commit, string? started, string? ended, string? actor, string? details)
    {
        Array.Clear(_row);
        _row[0] = type; _row[1] = id; _row[2] = parent; _row[3] = version; _row[4] = tag; _row[5] = changes; _row[6] = kind; _row[7] = name;
        _row[8] = status; _row[9] = title; _row[10] = commit; _row[11] = started; _row[12] = ended; _row[13] = actor; _row[14] = details;
        if (type != "audit_event") WriteRow(_row);
    }

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
