using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Evidence;
using Gryt.Project;

namespace Gryt.Cli.Commands.KeyCommands.Generate;

internal sealed record GenerateOptions(string? Name, bool Json);

internal static class GenerateCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var name = new Option<string?>("--name") { Description = "The key's name (default: your user name)", HelpName = "NAME" };
        var json = CommonOptions.Json();
        var command = new Command("generate", "Make an ECDSA P-256 key that signs provenance: the private part 0600 in your config folder, the public part in .gryt/keys/ to commit") { name, json };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(new GenerateOptions(result.GetValue(name), result.GetValue(json)), environment)));
        return command;
    }

    public static int Run(GenerateOptions options, CliEnvironment environment)
    {
        var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
        var keys = new GrytKeys(environment.Variable);
        var key = keys.Generate(project, options.Name ?? keys.DefaultName());
        var output = new Output(environment);
        if (options.Json)
        {
            output.Json(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("name", key.Name);
                writer.WriteString("public_key", project.Shown(key.PublicKeyPath));
                writer.WriteString("private_key", key.PrivateKeyPath);
                writer.WriteString("fingerprint", key.Fingerprint);
                writer.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        output.Done($"Generated gryt key {key.Name} ({key.Fingerprint})");
        output.Line($"  public key:  {project.Shown(key.PublicKeyPath)} (commit it: clones trust the keys the release commit has)");
        output.Line($"  private key: {key.PrivateKeyPath} (0600; keep it, never commit it)");
        output.Line("  promotions by you now sign their provenance with it");
        return ExitCodes.Ok;
    }
}
