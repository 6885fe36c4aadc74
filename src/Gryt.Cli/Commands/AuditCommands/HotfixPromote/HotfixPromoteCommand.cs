using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Git;
using Gryt.Promotion;

namespace Gryt.Cli.Commands.AuditCommands.HotfixPromote;

internal sealed record HotfixPromoteOptions(string Version, bool Json);

internal static class HotfixPromoteCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version("The hotfix generation, e.g. v2.1.1");
        var json = CommonOptions.Json();
        var command = new Command("hotfix-promote", "Promote a hotfix: its change has a passing evolution, on a commit that descends from its base") { version, json };
        command.SetHandler(environment, (result, cancellationToken) => RunAsync(new HotfixPromoteOptions(result.GetValue(version)!, result.GetValue(json)), environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(HotfixPromoteOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        using var session = ProjectSession.Open(environment);
        using var data = new SqliteData(session.Database);
        var result = await new ReleasePromotion(session.Project, session.Database, session.Context, new GitClient(session.Project.Root), environment.Variable, environment.PackageSource)
            .PromoteHotfixAsync(options.Version, data, cancellationToken);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("version", result.Generation.Version);
                writer.WriteBoolean("promoted", result.Promoted);
                writer.WriteString("tag", result.Promoted ? result.Tag : null);
                writer.WriteString("commit", result.Commit);
                writer.WriteString("snapshot_id", result.SnapshotId);
                writer.WriteString("provenance", result.ProvenancePath is null ? null : session.Project.Shown(result.ProvenancePath));
                GateOutput.Json(writer, result.Gates);
                writer.WriteEndObject();
            });
            return result.Promoted ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }

        GateOutput.Table(output, result.Gates);
        if (!result.Promoted)
        {
            environment.Err.WriteLine($"gryt: error: hotfix {result.Generation.Version} not promoted: a gate failed; nothing changed");
            environment.Err.WriteLine(result.Gates.Any(g => g.Gate == "proofs_in_release" && !g.Result.Passed) && result.Gates.All(g => g.Gate == "proofs_in_release" || g.Result.Passed)
                ? $"hint: {result.Gates.First(g => g.Gate == "proofs_in_release").Result.Message}: prove the fix on a branch made from the base release's tag"
                : $"hint: prove its change: gryt evolution start {result.Generation.Version} --change ID, then run its pipeline");
            return ExitCodes.CheckFailed;
        }

        if (result.Resumed) output.Line($"  completing an interrupted promotion: {result.Tag} is gryt's tag for {result.Generation.Version} at the same commit");
        output.Done($"promoted hotfix {result.Generation.Version}: tag {result.Tag} at {result.Commit?[..Math.Min(12, result.Commit.Length)]}");
        if (result.ProvenancePath is not null) output.Note($"provenance written to {session.Project.Shown(result.ProvenancePath)}");
        if (result.Sbom is { } sbom) output.Note($"sbom written to {session.Project.Shown(sbom.Path)} ({Counted.Of(sbom.Components, "component")})");
        foreach (var warning in result.Sbom?.Warnings ?? []) output.Warn("sbom: " + warning);
        return ExitCodes.Ok;
    }
}
