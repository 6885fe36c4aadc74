using System.CommandLine;
using Gryt.Cli.Commands.DbCommands.Metric;
using Gryt.Cli.Commands.DbCommands.Query;

namespace Gryt.Cli.Commands.DbCommands;

internal static class DbCommand
{
    public static Command Create(CliEnvironment environment) => new("db", "Query the database and read metrics")
    {
        QueryCommand.Create(environment),
        MetricCommand.Create(environment),
    };
}
