using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Project;
using Gryt.Sync;

namespace Gryt.Cli.Commands.SyncCommands.Login;

internal sealed record LoginOptions(bool Json);

internal static class LoginCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var json = CommonOptions.Json();
        var command = new Command("login", "Check a key with the server (GET /api/v1/whoami) and keep it in the user's config folder (0600); the key is read from stdin, or GRYT_TOKEN") { json };
        command.SetHandler(environment, (result, token) => RunAsync(new LoginOptions(result.GetValue(json)), environment, token));
        return command;
    }

    public static async Task<int> RunAsync(LoginOptions options, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
        var output = new Output(environment);
        var who = await SyncLogin.RunAsync(project, environment.Variable, environment.In, environment.Clock, cancellationToken);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("server", who.Server);
                writer.WriteString("project", who.Project);
                writer.WriteString("role", who.Role);
                writer.WriteString("name", who.Name);
                writer.WriteString("key_id", who.KeyId);
                writer.WriteString("saved_in", who.SavedIn);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done($"Logged in to {who.Server} as {who.Name} ({who.Role} on project {who.Project})");
        output.Line(who.SavedIn is null ? "  the key comes from GRYT_TOKEN; nothing was saved" : $"  key {who.KeyId} saved in {who.SavedIn}");
        return ExitCodes.Ok;
    }
}
