using System.CommandLine;
using Gryt.Cli.Commands.AuditCommands.Export;
using Gryt.Cli.Commands.AuditCommands.Hotfix;
using Gryt.Cli.Commands.AuditCommands.HotfixPromote;
using Gryt.Cli.Commands.AuditCommands.ListSnapshots;
using Gryt.Cli.Commands.AuditCommands.Rollback;
using Gryt.Cli.Commands.AuditCommands.Snapshot;
using Gryt.Cli.Commands.AuditCommands.Verify;

namespace Gryt.Cli.Commands.AuditCommands;

internal static class AuditCommand
{
    public static Command Create(CliEnvironment environment) => new("audit", "The audit trail: export, verify, snapshots and rollback, hotfixes")
    {
        ExportCommand.Create(environment),
        VerifyCommand.Create(environment),
        SnapshotCommand.Create(environment),
        ListSnapshotsCommand.Create(environment),
        RollbackCommand.Create(environment),
        HotfixCommand.Create(environment),
        HotfixPromoteCommand.Create(environment),
    };
}
