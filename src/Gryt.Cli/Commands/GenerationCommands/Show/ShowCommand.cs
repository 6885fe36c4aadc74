using Gryt.Evolutions;
using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;

namespace Gryt.Cli.Commands.GenerationCommands.Show;

internal sealed record ShowOptions(string Version, bool Json);

internal static class ShowCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version();
        var json = CommonOptions.Json();
        var command = new Command("show", "Show a generation and the state of each of its changes") { version, json };
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new ShowOptions(result.GetValue(version)!, result.GetValue(json)), environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(ShowOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var service = new ContractService(session.Project, session.Database, session.Context);
        var output = new Output(environment);

        output.Synced(service.EnsureSynced(options.Version), session.Project);

        var details = service.Show(options.Version);
        var generation = details.Generation;
        if (service.FileDiffersFromFrozen(generation))
        {
            output.Warn($"{session.Project.Shown(details.FilePath)} differs from the {generation.Status.ToWord()} contract, which is frozen; the database shows the contract as promoted");
        }

        if (generation.Status == GenerationStatus.Draft) VersionFileWarnings.Warn(output, session.Project, generation.Version);
        var missing = EvolutionService.ChangesWithoutPipelineFile(session.Project, generation, details.Changes);
        if (!options.Json) MissingPipelines.Warn(output, session.Project, missing);
        var insights = await Insights.ForAsync(generation, details.Changes, session, environment, cancellationToken);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartObject("generation");
                GenerationJson.WriteFields(writer, generation);
                writer.WriteEndObject();
                writer.WriteString("file", session.Project.Shown(details.FilePath));
                writer.WriteStartArray("changes");
                foreach (var change in details.Changes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("change_id", change.ChangeId);
                    writer.WriteString("type", change.Type.ToWord());
                    writer.WriteString("title", change.Title);
                    writer.WriteString("description", change.Description);
                    writer.WriteString("pipeline", change.Pipeline ?? generation.PipelineTemplate);
                    writer.WriteBoolean("pipeline_missing", missing.Any(g => g.Contains(change)));
                    writer.WriteString("state", change.State.ToWord());
                    writer.WriteNumber("passed_evolutions", change.PassedEvolutions);
                    writer.WriteNumber("failed_evolutions", change.FailedEvolutions);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteStartArray("policy_findings");
                foreach (var violation in insights.Violations)
                {
                    writer.WriteStartObject();
                    writer.WriteString("policy", violation.PolicyName);
                    writer.WriteString("change_id", violation.ChangeId);
                    writer.WriteString("pipeline", violation.PipelineName);
                    writer.WriteString("message", violation.Message);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                GateOutput.Json(writer, insights.Gates);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var hotfixOf = new Gryt.Promotion.HotfixService(session.Project, session.Database, session.Context, new Gryt.Git.GitClient(session.Project.Root)).BaseOf(generation);
        output.KeyValues(
            [("Generation", generation.Version),
            ("Status", generation.Status.ToWord()),
            ("Description", generation.Description),
            ("Pipeline", generation.PipelineTemplate),
            ("Revision", generation.Revision.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Created", Output.Time(generation.CreatedAt)),
            ("Promoted", generation.PromotedAt is null ? null : $"{Output.Time(generation.PromotedAt)} by {generation.PromotedBy}"),
            .. generation.Status == GenerationStatus.Revoked
                ? [("Revoked", $"{Output.Time(generation.RevokedAt)} by {generation.RevokedBy}: {generation.RevokedReason}")]
                : Array.Empty<(string, string?)>(),
            .. hotfixOf is null ? Array.Empty<(string, string?)>() : [("Hotfix of", hotfixOf)],
            .. generation.ImportedFrom is null ? Array.Empty<(string, string?)>() : [("Imported", $"from git tag {generation.ImportedFrom} (this clone had no records)")]]);
        output.Line();

        var proven = details.Changes.Count(c => c.State == ChangeState.Proven);
        output.Line($"Changes ({proven}/{details.Changes.Count} proven):");
        if (details.Changes.Count == 0)
        {
            output.Line($"  none yet: declare them in {session.Project.Shown(details.FilePath)}");
            return ExitCodes.Ok;
        }

        var table = new TableView("ID", "TYPE", "STATE", "TITLE", "PIPELINE")
        {
            Style = (column, cell) => column == 2 ? Output.StatusStyle(cell) : null,
        };
        foreach (var change in details.Changes)
        {
            table.Add(change.ChangeId, change.Type.ToWord(), change.State.ToWord(), change.Title, change.Pipeline ?? generation.PipelineTemplate ?? "-");
        }

        output.Table(table);
        WriteInsights(output, insights);
        return ExitCodes.Ok;
    }

    private static void WriteInsights(Output output, Insights insights)
    {
        if (insights.Violations.Count + insights.Unchecked.Count > 0)
        {
            output.Line();
            output.Line("Policy findings:");
            foreach (var violation in insights.Violations) output.Line("  ✗ " + violation.Message);
            foreach (var note in insights.Unchecked) output.Line("  - " + note);
        }

        if (insights.Gates.Count == 0) return;
        output.Line();
        output.Line("Gates (preview; C# gate files run at promotion):");
        GateOutput.Table(output, insights.Gates, compact: true);
    }
}
