using System.CommandLine;
using Gryt.Audit;
using Gryt.Cli.Rendering;

namespace Gryt.Cli.Commands.AuditCommands.Verify;

internal sealed record VerifyOptions(bool Json);

internal static class VerifyCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("verify", "Check the audit log's hash chain; exit 1 at the first edited, inserted or deleted event") { json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new VerifyOptions(result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(VerifyOptions options, CliEnvironment environment)
    {
        using var session = ProjectSession.Open(environment);
        var chain = AuditChain.Verify(session.Database);
        // Always the whole chain; what held is remembered for later exports, a break forgets the checkpoint.
        AuditChain.Remember(session.Database, chain, session.Context.Now);
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(chain.WriteJson);
            return chain.Intact ? ExitCodes.Ok : ExitCodes.CheckFailed;
        }

        if (chain.FirstBreak is not { } first)
        {
            output.Done($"audit trail intact: {Counted.Of(chain.Events, "event")} verified, head {chain.HeadHash[..16]}");
            return ExitCodes.Ok;
        }

        output.Line($"audit trail BROKEN at event #{first.Seq} ({first.KindWord})");
        output.KeyValues(("Event", first.EventId), ("Type", first.EventType), ("Time", first.Timestamp), ("Problem", first.Message));
        environment.Err.WriteLine($"gryt: error: the audit chain is broken at event #{first.Seq}: {first.Message}");
        environment.Err.WriteLine("hint: restore a snapshot taken before the tampering with gryt audit rollback ID, and keep this database for investigation");
        return ExitCodes.CheckFailed;
    }
}
