using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Git;
using Gryt.Project;
using Gryt.Promotion;

namespace Gryt.Cli.Commands.GenerationCommands.Promote;

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
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new PromoteOptions(result.GetValue(version)!, result.GetValue(dryRun), result.GetValue(at), result.GetValue(json)), environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(PromoteOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        using var data = new SqliteData(session.Database);
        var result = await new ReleasePromotion(session.Project, session.Database, session.Context, new GitClient(session.Project.Root), environment.Variable, environment.PackageSource)
            .PromoteAsync(new PromotionRequest(options.Version) { DryRun = options.DryRun, At = options.At }, data, cancellationToken);

        output.Synced(result.Synced, session.Project);

        if (options.Json) WriteJson(output, result, session.Project);
        else
        {
            GateOutput.Table(output, result.Gates);
        }

        var version = result.Generation.Version;
        if (result.DryRun) VersionFileWarnings.Warn(output, session.Project, version);
        if (!result.GatesPassed)
        {
            var failed = result.Gates.Where(g => !g.Result.Passed).ToList();
            throw new CheckFailedException(
                $"{version} {(options.DryRun ? "would not be" : "was not")} promoted: {Counted.Of(failed.Count, "gate")} failed: " +
                string.Join("; ", failed.Select(g => $"{g.Gate}: {g.Result.Message}")),
                FailureHint(failed, version));
        }

        foreach (var warning in result.Sbom?.Warnings ?? []) output.Warn("sbom: " + warning);
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
            if (result.ProvenancePath is { } provenance)
            {
                output.Line($"  provenance:    {session.Project.Shown(provenance)}, {(result.SignedWith is { } key ? "signed with " + key : "unsigned (no gryt key and no SSH signing in git config: gryt key generate)")}");
            }

            if (result.Sbom is { } sbom) output.Line($"  sbom:          {session.Project.Shown(sbom.Path)} ({Counted.Of(sbom.Components, "component")})");
            if (result.EvidenceNoted) output.Line($"  evidence:      git note {GitClient.EvidenceNotesRef} on {result.Tag}; push both: git push origin {result.Tag} {GitClient.EvidenceNotesRef}");
            if (result.SnapshotId is { } snapshot) output.Line($"  snapshot before promotion: {snapshot}");
        }

        return HookOutcome(output, result);
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

    /// <summary>The <c>generation_promoted</c> hooks that failed are warnings; a required one fails the command, the promotion stands.</summary>
    private static int HookOutcome(Output output, PromotionResult result)
    {
        foreach (var failure in result.HookFailures) output.Warn($"{failure.Event} hook {failure.Destination} failed: {failure.Message}");
        if (result.HookFailures.Any(f => f.Required))
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
        if (result.Sbom is { } sbom) writer.WriteString("sbom", project.Shown(sbom.Path));
        if (result.Resumed) writer.WriteBoolean("resumed", true);
        if (result.Promoted) writer.WriteString("signed_with", result.SignedWith);
        GateOutput.Json(writer, result.Gates);
        writer.WriteEndObject();
    });
}
