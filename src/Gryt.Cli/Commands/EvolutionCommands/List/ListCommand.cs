using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Contracts;
using Gryt.Evolutions;
using Gryt.Git;

namespace Gryt.Cli.Commands.EvolutionCommands.List;

internal sealed record ListOptions(string Version, bool Json);

internal static class ListCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version();
        var json = CommonOptions.Json();
        var command = new Command("list", "A generation's evolutions and the proof state of its changes") { version, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new ListOptions(result.GetValue(version)!, result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(ListOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var contracts = new ContractService(session.Project, session.Database, session.Context);
        output.Synced(contracts.EnsureSynced(options.Version), session.Project);

        var listing = new EvolutionService(session.Project, session.Database, session.Context, new GitClient(session.Project.Root)).List(options.Version);
        if (options.Json)
        {
            WriteJson(output, listing);
            return ExitCodes.Ok;
        }

        output.Line($"Generation: {listing.Generation.Version}");
        output.Line($"Status: {listing.Generation.Status.ToWord()}");
        output.Line();
        output.Line("Evolutions:");
        if (listing.Evolutions.Count == 0) output.Line($"  none yet: gryt evolution start {listing.Generation.Version} --change ID");
        else
        {
            output.Table(Compact(new TableView("TAG", "CHANGES", "STATUS", "STARTED")
            {
                Style = (column, cell) => column == 2 ? Output.StatusStyle(cell) : null,
                ShowHeader = false,
                Indent = 2,
            }, listing.Evolutions.Select(e => new[] { e.Tag, string.Join(",", e.ChangeIds), e.Status.ToWord(), Output.Time(e.StartedAt) })));

            // Why an attempt failed when no step did (a dirty tree, a foreign rc tag): otherwise only the database says.
            foreach (var e in listing.Evolutions.Where(e => e.Reason is not null)) output.Line($"  {e.Tag}: {e.Reason}");
        }

        output.Line();
        output.Line("Changes:");
        if (listing.Changes.Count == 0) output.Line("  none declared");
        else
        {
            output.Table(Compact(new TableView("ID", "TITLE", "STATE")
            {
                Style = (column, cell) => column == 2 ? Output.StatusStyle(cell) : null,
                ShowHeader = false,
                Indent = 2,
            }, listing.Changes.Select(c => new[] { c.ChangeId, c.Title, c.State.ToWord() })));
        }

        return ExitCodes.Ok;
    }

    /// <summary>The guide's layout: plain rows indented under their heading, without a header row.</summary>
    private static TableView Compact(TableView view, IEnumerable<string[]> rows)
    {
        foreach (var row in rows) view.Add(row);
        return view;
    }

    private static void WriteJson(Output output, EvolutionListing listing) => output.Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteStartObject("generation");
        GenerationCommands.GenerationJson.WriteFields(writer, listing.Generation);
        writer.WriteEndObject();
        writer.WriteStartArray("evolutions");
        foreach (var e in listing.Evolutions)
        {
            writer.WriteStartObject();
            writer.WriteString("evolution_id", e.EvolutionId);
            writer.WriteString("tag", e.Tag);
            writer.WriteNumber("rc_number", e.RcNumber);
            writer.WriteString("status", e.Status.ToWord());
            writer.WriteStartArray("changes");
            foreach (var id in e.ChangeIds) writer.WriteStringValue(id);
            writer.WriteEndArray();
            writer.WriteString("pipeline", e.PipelineName);
            writer.WriteString("run_id", e.RunId);
            writer.WriteString("commit_sha", e.CommitSha);
            writer.WriteString("started_at", Timestamps.Format(e.StartedAt));
            if (e.CompletedAt is { } completed) writer.WriteString("completed_at", Timestamps.Format(completed));
            else writer.WriteNull("completed_at");
            writer.WriteString("reason", e.Reason);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("changes");
        foreach (var c in listing.Changes)
        {
            writer.WriteStartObject();
            writer.WriteString("change_id", c.ChangeId);
            writer.WriteString("type", c.Type.ToWord());
            writer.WriteString("title", c.Title);
            writer.WriteString("state", c.State.ToWord());
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    });
}
