using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Scaffolding.GenTest;

namespace Gryt.Cli.Commands.GenerationCommands.GenTest;

internal sealed record GenTestOptions(string Version, bool All, IReadOnlyList<string> Changes, string Format, bool Force);

internal static class GenTestCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var version = CommonOptions.Version();
        var all = new Option<bool>("--all", "-a") { Description = "One validation pipeline for every change" };
        var changes = new Option<string[]>("--change", "-c") { Description = "A change to scaffold a pipeline for (repeat for several)" };
        var format = new Option<string>("--format", "-f") { Description = "cs (a C# file-based app) or yaml", DefaultValueFactory = _ => "cs" };
        format.AcceptOnlyFromAmong("cs", "yaml");
        var force = new Option<bool>("--force") { Description = "Overwrite existing files and replace existing links" };
        var command = new Command("gen-test", "Scaffold one validation pipeline per change, with placeholder steps by change type") { version, all, changes, format, force };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(
            new GenTestOptions(result.GetValue(version)!, result.GetValue(all), result.GetValue(changes) ?? [], result.GetValue(format)!, result.GetValue(force)),
            environment)));
        return command;
    }

    public static int Run(GenTestOptions options, CliEnvironment environment)
    {
        if (options.All == (options.Changes.Count > 0))
        {
            throw new InvalidInputException("choose either --all or --change ID", "e.g. gryt generation gen-test v2.1.0 --all");
        }

        using var session = ProjectSession.Open(environment);
        var output = new Output(environment);
        var format = options.Format == "yaml" ? PipelineFileFormat.Yaml : PipelineFileFormat.CSharp;
        var results = new GenTestService(session.Project, session.Database, session.Context)
            .Generate(options.Version, options.All ? null : options.Changes, format, options.Force, LibraryReference());

        foreach (var result in results)
        {
            if (result.Written) output.Done($"{session.Project.Shown(result.FilePath)} for {result.ChangeId}");
            else output.Warn($"skipped {result.ChangeId}: {result.SkippedBecause}");
        }

        if (results.Any(r => r.Written))
        {
            output.Line();
            output.Line("Every step is a placeholder that fails until you replace it with a real check;");
            output.Line($"the changes are linked to their files in the contract. Validate one with: gryt pipeline validate {Path.GetFileName(results.First(r => r.Written).FilePath)}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The library version this gryt was built with, for <c>#:package</c>.</summary>
    private static string LibraryReference()
    {
        return $"#:package Gryt@{GrytVersion.Current}";
    }
}
