using System.CommandLine;
using Gryt.Cli.Commands.Db.Metric;
using Gryt.Cli.Commands.Db.Query;

namespace Gryt.Cli.Commands.Db;

internal static class DbCommand
{
    public static Command Create(CliEnvironment environment) => new("db", "Query the database and read metrics")
    {
        QueryCommand.Create(environment),
        MetricCommand.Create(environment),
    };
}
