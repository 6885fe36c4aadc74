using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Compliance;
using Gryt.Project;

namespace Gryt.Cli.Commands.ComplianceCommands;

internal sealed record ComplianceOptions(string Output, string? Format, bool Json);

internal static class ComplianceCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var output = new Option<string>("--output", "-o") { Description = "The report file", DefaultValueFactory = _ => "compliance-report.html" };
        var format = new Option<string>("--format", "-f") { Description = "html or md (default: from the file's extension, else html)" };
        var json = CommonOptions.Json();
        var command = new Command("compliance", "Write the NIST SP 800-161 (C-SCRM) compliance report, computed from the records") { output, format, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new ComplianceOptions(result.GetValue(output)!, result.GetValue(format), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(ComplianceOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var path = OutputFile.Check(session.Project, options.Output, environment.WorkingDirectory);
        var format = ComplianceWriter.ResolveFormat(path, options.Format);
        var report = new ComplianceService(session.Project, session.Database, session.Context).Build();
        ComplianceWriter.Write(report, path, format);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("path", path);
                writer.WriteNumber("score", report.Score);
                writer.WriteNumber("checks_passed", report.Passed);
                writer.WriteNumber("checks", report.Total);
                writer.WriteStartArray("families");
                foreach (var family in report.Families)
                {
                    writer.WriteStartObject();
                    writer.WriteString("family", family.Title);
                    writer.WriteString("controls", family.Controls);
                    writer.WriteNumber("score", family.Score);
                    writer.WriteString("status", family.Status);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("missing");
                foreach (var check in report.Missing) writer.WriteStringValue($"{check.Control}: {check.Requirement}");
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done($"compliance report written to {options.Output}: {report.Passed} of {report.Total} checks satisfied ({report.Score} %)");
        var table = new TableView("FAMILY", "CONTROLS", "SCORE", "STATUS") { Style = (column, cell) => column == 3 ? (cell == "met" ? "green" : cell == "not met" ? "red" : "yellow") : null };
        foreach (var family in report.Families) table.Add(family.Title, family.Controls, family.Score + " %", family.Status);
        output.Table(table);
        return ExitCodes.Ok;
    }
}
