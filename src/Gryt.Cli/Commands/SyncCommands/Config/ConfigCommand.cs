using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Project;
using Gryt.Sync;

namespace Gryt.Cli.Commands.SyncCommands.Config;

internal sealed record ConfigOptions(string? Mode, string? Server, string? Project, bool Json);

internal static class ConfigCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var mode = new Option<string?>("--mode") { Description = "local (no network), hybrid (push/pull on demand) or cloud (every write at once)", HelpName = "local|hybrid|cloud" };
        var server = new Option<string?>("--server") { Description = "The gryt-server's URL, e.g. http://127.0.0.1:5080", HelpName = "URL" };
        var project = new Option<string?>("--project") { Description = "The project's name on the server (default: the key's project)", HelpName = "P" };
        var json = CommonOptions.Json();
        var command = new Command("config", "Print the sync settings, or set them in .gryt/config.yaml (no secrets there)") { mode, server, project, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(
            new ConfigOptions(result.GetValue(mode), result.GetValue(server), result.GetValue(project), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(ConfigOptions options, CliEnvironment environment)
    {
        var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
        var changing = options.Mode is not null || options.Server is not null || options.Project is not null;
        var settings = changing ? SyncConfigFile.Update(project, options.Mode, options.Server, options.Project) : ProjectConfig.Load(project).Sync;
        var key = KeySource(settings, new Credentials(environment.Variable));
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("mode", SyncSettings.Word(settings.Mode));
                writer.WriteString("server", settings.Server);
                writer.WriteString("project", settings.Project);
                writer.WriteString("key", key);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        if (changing) output.Done($"Sync settings written to {project.Shown(project.ConfigPath)}");
        output.KeyValues(("mode", SyncSettings.Word(settings.Mode)), ("server", settings.Server), ("project", settings.Project ?? (settings.Server is null ? null : "the key's project")), ("key", key));
        return ExitCodes.Ok;
    }

    /// <summary>Where the key would come from; never the key.</summary>
    private static string KeySource(SyncSettings settings, Credentials credentials)
    {
        if (settings.Server is null) return "none";
        if (credentials.FromEnvironment) return "GRYT_TOKEN";
        try
        {
            return credentials.KeyFor(settings.Server) is null ? "none (gryt sync login)" : credentials.FilePath;
        }
        catch (GrytEnvironmentException ex)
        {
            return "unknown: " + ex.Message;
        }
    }
}
