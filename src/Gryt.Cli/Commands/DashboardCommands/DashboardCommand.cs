using System.CommandLine;
using Gryt.Project;

namespace Gryt.Cli.Commands.DashboardCommands;

internal static class DashboardCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("dashboard", "Watch generations, evolutions, runs and the audit chain live in the terminal (read-only)");
        command.SetHandler(environment, (_, cancellationToken) => RunAsync(environment, cancellationToken));
        return command;
    }

    public static async Task<int> RunAsync(CliEnvironment environment, CancellationToken cancellationToken)
    {
        if (!environment.OutputIsTerminal || Console.IsInputRedirected)
        {
            throw new InvalidInputException(
                "gryt dashboard needs a terminal: its " + (environment.OutputIsTerminal ? "input" : "output") + " is not one",
                "in scripts read gryt generation list --json, gryt evolution list --json and gryt audit verify --json");
        }

        // Read-only: no recovery of dead runs and no import from git tags, which ProjectSession does.
        var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
        using var database = ProjectDatabase.Open(project);
        var colors = string.IsNullOrEmpty(environment.Variable("NO_COLOR")) && environment.Variable("TERM") != "dumb";
        await DashboardTerminal.RunAsync(database, environment.Clock, Path.GetFileName(project.Root), colors, cancellationToken);
        return ExitCodes.Ok;
    }
}
