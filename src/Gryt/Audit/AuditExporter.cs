using System.Globalization;
using Gryt.Contracts;
using Gryt.Storage;

namespace Gryt.Audit;

/// <summary>The formats of <c>audit export</c>.</summary>
public enum ExportFormat
{
    Json,
    Csv,
    Html,
}

/// <summary>What to export: the format, and optionally only records since a time or of one version.</summary>
public sealed record ExportOptions(ExportFormat Format, string? Since = null, string? Version = null);

/// <summary>What an export wrote.</summary>
public sealed record ExportResult(string Path, ExportFormat Format, ExportSummary Summary, ChainVerification Chain);

/// <summary>
/// Exports every generation, change, evolution, run (with its steps) and audit event to JSON, CSV
/// or HTML. Rows are streamed from the database to the file, so memory stays flat as history
/// grows; the file is written to a temporary name and renamed, so a reader never sees half of it.
/// The export itself is recorded as an audit event (who exported what).
/// </summary>
public sealed class AuditExporter(GrytDatabase database, GrytContext context)
{
    public static ExportFormat ParseFormat(string text) => text?.ToLowerInvariant() switch
    {
        "json" => ExportFormat.Json,
        "csv" => ExportFormat.Csv,
        "html" or "htm" => ExportFormat.Html,
        _ => throw new InvalidInputException($"unknown export format '{SemanticVersion.Printable(text ?? "")}'", "use one of: json, csv, html"),
    };

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
        var full = Path.GetFullPath(outputPath);
        var folder = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(folder)) throw new InvalidInputException($"cannot write {outputPath}: folder {folder} does not exist");
        string? version = null;
        if (options.Version is not null)
        {
            version = SemanticVersion.Parse(options.Version).ToString();
            if (new GenerationStore(database).Find(version) is null) throw new NotFoundException($"generation {version} not found");
        }

        var temporary = Path.Combine(folder, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        ExportSummary summary;
        ChainVerification chain;
        try
        {
            // One read transaction: the whole file shows one consistent state, even while others write.
            using (var transaction = database.Connection.BeginTransaction(deferred: true))
            {
                chain = AuditChain.Verify(database, transaction);
                using var store = new ExportStore(database, transaction, options.Since, version);
                summary = store.Summary();
                var header = new ExportHeader(Timestamps.Format(context.Now), context.Actor, Gryt.GrytVersion.Current, options.Since, version, summary, chain);
                using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
                using (var writer = Create(options.Format, file))
                {
                    Write(store, writer, header);
                }

                transaction.Commit();
            }

            File.Move(temporary, full, overwrite: true);
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            File.Delete(temporary);
            throw GrytDatabase.Translate(ex, database.Path);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }

        database.WriteTransaction(transaction => AuditLog.Append(database, transaction, context, "audit.exported", "export", Path.GetFileName(full), "export",
            new Dictionary<string, object?>
            {
                ["path"] = full, ["format"] = options.Format.ToString().ToLowerInvariant(), ["since"] = options.Since, ["version"] = version,
                ["generations"] = summary.Generations, ["evolutions"] = summary.Evolutions, ["chain_verified"] = chain.Intact,
                ["sha256"] = Snapshots.SnapshotService.Sha256Of(full),
            }));
        return new ExportResult(full, options.Format, summary, chain);
    }

    private static ExportWriter Create(ExportFormat format, Stream stream) => format switch
    {
        ExportFormat.Json => new JsonExportWriter(stream),
        ExportFormat.Csv => new CsvExportWriter(stream),
        _ => new HtmlExportWriter(stream),
    };

    private static void Write(ExportStore store, ExportWriter writer, ExportHeader header)
    {
        writer.Begin(header);
        writer.BeginGenerations();
        foreach (var generation in store.Generations())
        {
            writer.BeginGeneration(generation);
            foreach (var change in store.Changes(generation.GenerationId)) writer.Change(generation, change);
            writer.BeginEvolutions(generation);
            foreach (var evolution in store.Evolutions(generation.GenerationId))
            {
                writer.BeginEvolution(generation, evolution);
                if (evolution.Run is { } run)
                {
                    foreach (var step in store.Steps(run.RunId)) writer.Step(evolution, run, step);
                }

                writer.EndEvolution(evolution);
            }

            writer.EndGeneration(generation);
        }

        writer.EndGenerations();
        writer.BeginRuns();
        foreach (var run in store.UnboundRuns())
        {
            writer.BeginRun(run);
            foreach (var step in store.Steps(run.RunId)) writer.Step(null, run, step);
            writer.EndRun(run);
        }

        writer.EndRuns();
        writer.BeginEvents();
        foreach (var auditEvent in store.Events()) writer.Event(auditEvent);
        writer.EndEvents();
        writer.End(header);
    }
}
