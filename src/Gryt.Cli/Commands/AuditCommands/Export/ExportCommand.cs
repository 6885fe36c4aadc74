using System.CommandLine;
using Gryt.Audit;
using Gryt.Cli.Rendering;
using Gryt.Project;

namespace Gryt.Cli.Commands.AuditCommands.Export;

internal sealed record ExportOptions(string Output, string? Format, string? Since, string? Version, bool Json, bool VerifyAll = false);

internal static class ExportCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--output", "-o") { Description = "The file to write", Required = true };
        var format = new Option<string>("--format", "-f") { Description = "json, csv or html (default: from the file's extension, else json)" };
        var since = new Option<string>("--since") { Description = "Only records on or after this date (YYYY-MM-DD or an ISO-8601 time)" };
        var version = new Option<string>("--version") { Description = "Only this generation, its evolutions and its events" };
        var verifyAll = new Option<bool>("--verify-all") { Description = "Walk the whole audit chain (with --version only the events after the last verified one are checked)" };
        var json = CommonOptions.Json();
        var command = new Command("export", "Export every generation, change, evolution, run and audit event (json, csv or html)") { output, format, since, version, verifyAll, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(
            new ExportOptions(result.GetValue(output)!, result.GetValue(format), result.GetValue(since), result.GetValue(version), result.GetValue(json), result.GetValue(verifyAll)), environment)));
        return command;
    }

    public static int Run(ExportOptions options, CliEnvironment environment)
    {
        var since = options.Since is null ? null : AuditExporter.ParseSince(options.Since);
        using var session = ProjectSession.Open(environment);
        var path = OutputFile.Check(session.Project, options.Output, environment.WorkingDirectory);
        var format = AuditExporter.ResolveFormat(path, options.Format);
        var result = new AuditExporter(session.Project, session.Database, session.Context).Export(path, new Gryt.Audit.ExportOptions(format, since, options.Version, options.VerifyAll));
        var output = new Output(environment);
        var word = format.ToString().ToLowerInvariant();
        var written = result.Written;
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("path", result.Path);
                writer.WriteString("format", word);
                writer.WriteNumber("generations", written.Generations);
                writer.WriteNumber("changes", written.Changes);
                writer.WriteNumber("evolutions", written.Evolutions);
                writer.WriteNumber("runs", written.Runs);
                writer.WriteNumber("steps", written.Steps);
                writer.WriteNumber("metrics", written.Metrics);
                writer.WriteNumber("policy_checks", written.PolicyChecks);
                writer.WriteNumber("audit_events", written.Events);
                writer.WriteBoolean("chain_verified", result.Chain.Intact);
                writer.WriteNumber("chain_events_checked", result.Chain.Checked);
                if (result.Chain.From is { } from) writer.WriteNumber("chain_checked_from", from.Seq);
                else writer.WriteNull("chain_checked_from");
                writer.WriteEndObject();
            });
        }
        else
        {
            output.Done($"exported the audit trail to {options.Output} ({word}): {Counted.Of(written.Generations, "generation")}, {Counted.Of(written.Evolutions, "evolution")}, "
                + $"{Counted.Of(written.Runs, "run")}, {Counted.Of(written.Steps, "step")}, {Counted.Of(written.Events, "audit event")}");
        }

        if (!options.Json && result.Chain.From is { } checkpoint)
        {
            output.Line($"audit chain checked from event #{checkpoint.Seq} ({Counted.Of(result.Chain.Checked, "event")} after it; whole chain last walked {checkpoint.WholeChainAt}; --verify-all walks it all)");
        }

        if (!result.Chain.Intact) output.Warn($"the audit chain is broken ({result.Chain.FirstBreak!.Message}); the export says so; see gryt audit verify");
        return ExitCodes.Ok;
    }
}
