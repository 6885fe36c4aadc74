using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Git;
using Gryt.Hooks;
using Gryt.Pipelines.Loading;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Promotion;

namespace Gryt.Cli.Commands.Generation.Promote;

internal sealed record PromoteOptions(string Version, bool DryRun, string? At, bool Json);

internal static class PromoteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version();
        var dryRun = new Option<bool>("--dry-run") { Description = "Run the gates and report; change nothing" };
        var at = new Option<string?>("--at") { Description = "Tag this commit instead of the newest passing evolution's (e.g. HEAD)", HelpName = "REF" };
        var json = CommonOptions.Json();
        var command = new Command("promote", "Run the promotion gates; if all pass, tag the release and mark it promoted") { version, dryRun, at, json };
        command.SetHandler(environment, result => Run(new PromoteOptions(result.GetValue(version)!, result.GetValue(dryRun), result.GetValue(at), result.GetValue(json)), environment));
        return command;
    }

    public static int Run(PromoteOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var config = ProjectConfig.Load(session.Project);
        var git = new GitClient(session.Project.Root);
        var gates = PromotionService.DefaultGates(config, PolicyFile.Load(session.Project), git, options.At)
            .Concat(config.GateFiles.Select(file =>
            {
                var path = Path.GetFullPath(Path.Combine(session.Project.GrytFolder, file));
                return (PromotionGate)new CSharpGate(path, session.Project.Shown(path), session.Project.Root, session.Project.DatabasePath,
                    Commands.Pipeline.PipelineFiles.PackageSource(environment), new LocalRuntime());
            }))
            .ToList();
        using var data = new SqliteData(session.Database);
        var service = new PromotionService(session.Project, session.Database, session.Context, git);
        var result = service.Promote(options.Version, data, gates, options.DryRun, options.At, snapshotBefore: config.SnapshotBeforePromotion);

        output.Synced(result.Synced, session.Project);

        if (options.Json) WriteJson(output, result, session.Project);
        else
        {
            GateOutput.Table(output, result.Gates);
        }

        var version = result.Generation.Version;
        if (!result.GatesPassed)
        {
            var failed = result.Gates.Where(g => !g.Result.Passed).ToList();
            throw new CheckFailedException(
                $"{version} {(options.DryRun ? "would not be" : "was not")} promoted: {failed.Count} gate(s) failed: " +
                string.Join("; ", failed.Select(g => $"{g.Gate}: {g.Result.Message}")),
                FailureHint(failed, version));
        }

        if (result.DryRun)
        {
            if (!options.Json) output.Done($"all gates pass: {version} can be promoted (dry run, nothing changed)");
            return ExitCodes.Ok;
        }

        if (!options.Json)
        {
            if (result.Resumed) output.Line($"  completing an interrupted promotion: {result.Tag} is gryt's tag for {version} at the same commit");
            output.Done($"Promoted {version}: tagged {result.Tag} at {result.Commit![..Math.Min(12, result.Commit!.Length)]}");
            output.Line($"  release notes: {session.Project.Shown(result.ReleaseNotesPath!)}");
            if (result.ProvenancePath is { } provenance) output.Line($"  provenance:    {session.Project.Shown(provenance)}");
            if (result.SnapshotId is { } snapshot) output.Line($"  snapshot before promotion: {snapshot}");
        }

        return FirePromotionHooks(session, environment, output, result);
    }

    /// <summary>The most useful next step for the gates that failed: a metric nobody recorded, a proof outside the release, or the evolutions.</summary>
    internal static string FailureHint(IReadOnlyList<GateOutcome> failed, string version)
    {
        if (failed.Select(g => g.Result.Details?.GetValueOrDefault(MetricGate.MissingMetric) as string).FirstOrDefault(m => m is not null) is { } metric)
        {
            return $"a pipeline step records it by printing the line \"::gryt metric {metric}=VALUE\"; add that, then prove again with: gryt evolution start {version} --change ID";
        }

        if (failed.Any(g => g.Gate == "proofs_in_release"))
        {
            return "merge the branches that were proven and prove the changes again on the result, or promote at a commit that contains them with --at REF";
        }

        return $"see what is missing with: gryt evolution list {version}";
    }

    /// <summary>The <c>generation_promoted</c> hooks of the generation's pipeline template, if it is a YAML pipeline.</summary>
    private static int FirePromotionHooks(ProjectSession session, CliEnvironment environment, Output output, PromotionResult result)
    {
        if (result.Generation.PipelineTemplate is not { } template) return ExitCodes.Ok;
        PipelineSource source;
        try
        {
            source = PipelineCatalog.Find(session.Project, template, session.Project.Root);
        }
        catch (NotFoundException)
        {
            return ExitCodes.Ok;
        }

        if (source.Format != PipelineFormat.Yaml) return ExitCodes.Ok;
        var pipeline = YamlPipelineLoader.Load(source.Path, session.Project.Shown(source.Path), environment.Variable, VariableMode.Require);
        var payload = new Dictionary<string, object?>
        {
            [EventPayload.Event] = PipelineEvents.GenerationPromoted,
            [EventPayload.Version] = result.Generation.Version,
            [EventPayload.Tag] = result.Tag,
            [EventPayload.Status] = "promoted",
            ["commit_sha"] = result.Commit,
            ["promoted_by"] = result.Generation.PromotedBy,
        };
        var failures = EventHooks.FireAsync(pipeline, PipelineEvents.GenerationPromoted, payload).GetAwaiter().GetResult();
        foreach (var failure in failures) output.Warn($"{failure.Event} hook {failure.Destination} failed: {failure.Message}");
        if (failures.Any(f => f.Required))
        {
            throw new CheckFailedException($"{result.Generation.Version} was promoted, but a required generation_promoted hook failed");
        }

        return ExitCodes.Ok;
    }

    private static void WriteJson(Output output, PromotionResult result, GrytProject project) => output.Json(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("version", result.Generation.Version);
        writer.WriteBoolean("promoted", result.Promoted);
        writer.WriteBoolean("dry_run", result.DryRun);
        writer.WriteString("tag", result.Tag);
        writer.WriteString("commit", result.Commit);
        writer.WriteString("release_notes", result.ReleaseNotesPath is null ? null : project.Shown(result.ReleaseNotesPath));
        if (result.Resumed) writer.WriteBoolean("resumed", true);
        GateOutput.Json(writer, result.Gates);
        writer.WriteEndObject();
    });
}
