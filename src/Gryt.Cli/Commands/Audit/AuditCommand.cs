using System.CommandLine;
using Gryt.Cli.Commands.Audit.Export;
using Gryt.Cli.Commands.Audit.Hotfix;
using Gryt.Cli.Commands.Audit.HotfixPromote;
using Gryt.Cli.Commands.Audit.ListSnapshots;
using Gryt.Cli.Commands.Audit.Rollback;
using Gryt.Cli.Commands.Audit.Snapshot;
using Gryt.Cli.Commands.Audit.Verify;

namespace Gryt.Cli.Commands.Audit;

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
