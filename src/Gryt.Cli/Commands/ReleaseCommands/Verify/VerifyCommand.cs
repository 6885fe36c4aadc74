using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Evidence;
using Gryt.Git;

namespace Gryt.Cli.Commands.ReleaseCommands.Verify;

internal sealed record VerifyOptions(string Version, bool Json, bool AllowUnsigned);

internal static class VerifyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version("The release's version, e.g. v2.1.0");
        var json = CommonOptions.Json();
        var allowUnsigned = new Option<bool>("--allow-unsigned") { Description = "An unsigned provenance passes, saying so (a signature that does not verify still fails)" };
        var command = new Command("verify", "Check a promoted release from git (tag, signed provenance, proofs, audit chain, SBOM) and the record; exit 1 naming what failed") { version, json, allowUnsigned };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new VerifyOptions(result.GetValue(version)!, result.GetValue(json), result.GetValue(allowUnsigned)), environment)));
        return command;
    }

    public static int Run(VerifyOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var result = new ReleaseVerification(session.Project, new GitClient(session.Project.Root), session.Database, environment.Variable).Verify(options.Version, options.AllowUnsigned);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("version", result.Version);
                writer.WriteString("tag", result.Tag);
                writer.WriteString("commit", result.Commit);
                writer.WriteBoolean("verified", result.Verified);
                writer.WriteString("checked_from", result.FromRecord ? "git and database" : "git");
                writer.WriteStartArray("items");
                foreach (var item in result.Items)
                {
                    writer.WriteStartObject();
                    writer.WriteString("check", item.Check);
                    writer.WriteBoolean("ok", item.Ok);
                    writer.WriteString("detail", item.Detail);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
        }
        else
        {
            output.Line($"Release {result.Version} ({result.Tag}), checked from {(result.FromRecord ? "git and this database's record" : "git alone (no record of this release in this database)")}:");
            var width = result.Items.Max(i => i.Check.Length);
            foreach (var item in result.Items) output.Line($"  {(item.Ok ? "pass" : "FAIL")}  {item.Check.PadRight(width)}  {item.Detail}");
        }

        if (result.Verified)
        {
            if (!options.Json) output.Done($"{result.Version} verified: {Counted.Of(result.Items.Count, "check")} hold");
            return ExitCodes.Ok;
        }

        var failed = result.Failed.ToList();
        environment.Err.WriteLine($"gryt: error: {result.Version} does not verify: {string.Join("; ", failed.Select(f => $"{f.Check}: {f.Detail}"))}");
        return ExitCodes.CheckFailed;
    }
}
