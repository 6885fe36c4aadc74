using System.Globalization;
using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>The formats of <c>audit export</c>.</summary>
internal enum ExportFormat
{
    Json,
    Csv,
    Html,
}

/// <summary>What to export: the format, and optionally only records since a time or of one version;
/// <paramref name="VerifyAll"/> walks the whole audit chain even for one version.</summary>
internal sealed record ExportOptions(ExportFormat Format, string? Since = null, string? Version = null, bool VerifyAll = false);

/// <summary>What an export wrote.</summary>
internal sealed record ExportResult(string Path, ExportFormat Format, ExportSummary Summary, ChainVerification Chain)
{
    /// <summary>The records in the file, counted as they were written.</summary>
    public ExportCounts Written { get; init; } = new(0, 0, 0, 0, 0, 0, 0, 0);
}

/// <summary>
/// Exports every generation, change, evolution, run (with its steps) and audit event to JSON, CSV
/// or HTML. Rows are streamed from the database to the file, so memory stays flat as history
/// grows; the file is written to a temporary name and renamed, so a reader never sees half of it,
/// and never over gryt's own state (<see cref="OutputFile"/>).
/// The export itself is recorded as an audit event (who exported what).
/// </summary>
internal sealed class AuditExporter(GrytProject project, GrytDatabase database, GrytContext context)
{
    public static ExportFormat ParseFormat(string text) => text?.ToLowerInvariant() switch
    {
        "json" => ExportFormat.Json,
        "csv" => ExportFormat.Csv,
        "html" or "htm" => ExportFormat.Html,
        _ => throw new InvalidInputException($"unknown export format '{SemanticVersion.Printable(text ?? "")}'", "use one of: json, csv, html"),
    };

    /// <summary>
    /// The format of an export to <paramref name="path"/>: <paramref name="format"/> if given, else the file's
    /// extension, else JSON. A file name whose extension is not the format's (<c>x.pdf</c>, or <c>a.csv</c>
    /// with <c>-f json</c>) is refused: a file's name never lies about its content.
    /// </summary>
    public static ExportFormat ResolveFormat(string path, string? format)
    {
        ArgumentNullException.ThrowIfNull(path);
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        var chosen = format is not null ? ParseFormat(format) : extension switch
        {
            "" or "json" => ExportFormat.Json,
            "csv" => ExportFormat.Csv,
            "html" or "htm" => ExportFormat.Html,
            _ => throw NameMismatch(path, extension, null),
        };
        var fits = extension.Length == 0 || chosen switch
        {
            ExportFormat.Json => extension == "json",
            ExportFormat.Csv => extension == "csv",
            _ => extension is "html" or "htm",
        };
        return fits ? chosen : throw NameMismatch(path, extension, chosen);
    }

    private static InvalidInputException NameMismatch(string path, string extension, ExportFormat? format) =>
        new($"{SemanticVersion.Printable(Path.GetFileName(path))}: an export is json, csv or html, "
            + (format is { } f ? $"and a {f.ToString().ToLowerInvariant()} export cannot be named .{extension}" : $"not .{extension}"),
            extension == "pdf" ? "export html and print it to PDF from a browser (the page has print styles)" : "name the file .json, .csv or .html, or choose the format with -f");

    /// <summary>A date (<c>2025-03-14</c>, midnight UTC) or a date and time with an offset, as the stored UTC text.</summary>
    public static string ParseSince(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day))
        {
            return Timestamps.Format(day);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at))
        {
            return Timestamps.Format(at);
        }

        throw new InvalidInputException($"'{SemanticVersion.Printable(text)}' is not a date", "use YYYY-MM-DD or an ISO-8601 time such as 2025-03-14T09:00:00Z");
    }

    public ExportResult Export(string outputPath, ExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        var full = OutputFile.Check(project, outputPath, project.Root, database.Path);
        string? version = null;
        if (options.Version is not null)
        {
            version = SemanticVersion.Parse(options.Version).ToString();
            if (new GenerationStore(database).Find(version) is null) throw new NotFoundException($"generation {version} not found");
        }

        ExportSummary summary = null!;
        ChainVerification chain = null!;
        ExportCounts counts = null!;
        try
        {
            // One read transaction: the whole file shows one consistent state, even while others write.
            using var transaction = database.Connection.BeginTransaction(deferred: true);
            // One version's export checks the chain from the remembered checkpoint (flat as history grows);
            // a whole export reads every event anyway, so it walks the whole chain.
            chain = AuditChain.VerifyFromCheckpoint(database, transaction, wholeChain: options.VerifyAll || version is null);
            using var store = new ExportStore(database, transaction, options.Since, version);
            summary = store.Summary();
            var header = new ExportHeader(Timestamps.Format(context.Now), context.Actor, Gryt.GrytVersion.Current, options.Since, version, summary, chain);
            OutputFile.Write(full, file =>
            {
                using var writer = Create(options.Format, file);
                counts = Write(store, writer, header);
            });
            transaction.Commit();
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            throw GrytDatabase.Translate(ex, database.Path);
        }

        database.WriteTransaction(transaction =>
        {
            // What the walk verified, remembered before the export's own event is appended (not yet verified).
            AuditChain.Remember(database, transaction, chain, context.Now);
            AuditLog.Append(database, transaction, context, "audit.exported", "export", Path.GetFileName(full), "export",
            new Dictionary<string, object?>
            {
                ["path"] = full, ["format"] = options.Format.ToString().ToLowerInvariant(), ["since"] = options.Since, ["version"] = version,
                ["generations"] = counts.Generations, ["evolutions"] = counts.Evolutions, ["runs"] = counts.Runs, ["events"] = counts.Events,
                ["chain_verified"] = chain.Intact, ["chain_checked_from"] = chain.From?.Seq, ["sha256"] = Sha256.OfFile(full),
            });
        });
        return new ExportResult(full, options.Format, summary, chain) { Written = counts };
    }

    private static ExportWriter Create(ExportFormat format, Stream stream) => format switch
    {
        ExportFormat.Json => new JsonExportWriter(stream),
        ExportFormat.Csv => new CsvExportWriter(stream),
        _ => new HtmlExportWriter(stream),
    };

    private static ExportCounts Write(ExportStore store, ExportWriter writer, ExportHeader header)
    {
        long generations = 0, changes = 0, evolutions = 0, runs = 0, steps = 0, metrics = 0, checks = 0, events = 0;
        void Run(ExportEvolution? evolution, ExportRun run)
        {
            runs++;
            foreach (var step in store.Steps(run.RunId))
            {
                writer.Step(evolution, run, step);
                steps++;
            }

            writer.BeginMetrics(run);
            foreach (var metric in store.Metrics(run.RunId))
            {
                writer.Metric(evolution, run, metric);
                metrics++;
            }
        }

        writer.Begin(header);
        writer.BeginGenerations();
        foreach (var generation in store.Generations())
        {
            generations++;
            writer.BeginGeneration(generation);
            foreach (var change in store.Changes(generation.GenerationId))
            {
                writer.Change(generation, change);
                changes++;
            }

            writer.BeginEvolutions(generation);
            foreach (var evolution in store.Evolutions(generation.GenerationId))
            {
                evolutions++;
                writer.BeginEvolution(generation, evolution);
                if (evolution.Run is { } run) Run(evolution, run);
                writer.EndEvolution(evolution);
            }

            writer.BeginPolicyChecks(generation);
            foreach (var check in store.PolicyChecks(generation.GenerationId))
            {
                writer.PolicyCheck(generation, check);
                checks++;
            }

            writer.EndGeneration(generation);
        }

        writer.EndGenerations();
        writer.BeginRuns();
        foreach (var run in store.UnboundRuns())
        {
            writer.BeginRun(run);
            Run(null, run);
            writer.EndRun(run);
        }

        writer.EndRuns();
        writer.BeginEvents();
        foreach (var auditEvent in store.Events())
        {
            writer.Event(auditEvent);
            events++;
        }

        writer.EndEvents();
        writer.End(header);
        return new ExportCounts(generations, changes, evolutions, runs, steps, metrics, checks, events);
    }
}
