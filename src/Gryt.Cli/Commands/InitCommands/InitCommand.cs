using System.CommandLine;
using Gryt.Cli.Rendering;
using Gryt.Project;
using Gryt.Scaffolding.Ci;
using Gryt.Scaffolding.Init;

namespace Gryt.Cli.Commands.InitCommands;

internal sealed record InitOptions(string? Path, bool Force, string? Ci = null, string? Pipeline = null);

internal static class InitCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var path = new Argument<string?>("PATH") { Description = "Folder to initialise (default: the current folder)", Arity = ArgumentArity.ZeroOrOne };
        var force = new Option<bool>("--force") { Description = "Repair an existing .gryt/: restore missing files; never deletes generations or the database. With --ci: replace the workflow file" };
        var ci = new Option<string?>("--ci")
        {
            Description = "Also write the CI workflow that installs gryt and runs the pipeline: github, gitlab, circleci or azure (on an existing .gryt/ only the workflow is written)",
            HelpName = "SERVICE",
        };
        ci.AcceptOnlyFromAmong("github", "gitlab", "circleci", "azure");
        var pipeline = new Option<string?>("--pipeline")
        {
            Description = "With --ci: the pipeline the workflow runs (default: the project's pipeline, the first by name that is not example)",
            HelpName = "NAME",
        };
        var command = new Command("init", "Create .gryt/ with settings, policies, an example pipeline and the database") { path, force, ci, pipeline };
        command.SetHandler(environment, (result, _) => Task.FromResult(Run(
            new InitOptions(result.GetValue(path), result.GetValue(force), result.GetValue(ci), result.GetValue(pipeline)), environment)));
        return command;
    }

    public static int Run(InitOptions options, CliEnvironment environment)
    {
        var output = new Output(environment);
        var root = Path.GetFullPath(options.Path ?? ".", environment.WorkingDirectory);
        if (options.Pipeline is not null && options.Ci is null)
        {
            throw new InvalidInputException("--pipeline only goes with --ci");
        }

        if (options.Ci is not null)
        {
            var kind = CiWorkflow.Parse(options.Ci);
            var project = GrytProject.At(root, environment.Variable("GRYT_DB"));
            var initialised = false;
            if (!Directory.Exists(project.GrytFolder))
            {
                Initialise(root, force: false, output, environment);
                initialised = true;
            }

            var workflow = CiWorkflow.Write(project, kind, options.Pipeline, options.Force);
            if (initialised) output.Line();
            output.Done($"{(workflow.Replaced ? "Replaced" : "Wrote")} {project.Shown(workflow.Path)}: installs gryt {GrytVersion.Current} and runs gryt run {workflow.Pipeline}");
            if (!File.Exists(Path.Combine(project.PipelinesFolder, workflow.Pipeline + ".yaml"))
                && !File.Exists(Path.Combine(project.PipelinesFolder, workflow.Pipeline + ".yml"))
                && !File.Exists(Path.Combine(project.PipelinesFolder, workflow.Pipeline + ".cs")))
            {
                output.Warn($"there is no pipeline named {workflow.Pipeline} in {project.Shown(project.PipelinesFolder)} yet");
            }

            if (!initialised) WarnTagTriggers(project, output);
            output.Line("Commit it; see docs/ci.md to push results to a gryt server.");
            return ExitCodes.Ok;
        }

        return Initialise(root, options.Force, output, environment);
    }

    private static int Initialise(string root, bool force, Output output, CliEnvironment environment)
    {
        var result = ProjectInitializer.Initialize(root, force, environment.Variable("GRYT_DB"));

        ReportReleases(result, output);
        ReportTags(result, output);
        WarnTagTriggers(result.Project, output);
        if (result.Repaired)
        {
            output.Done($"Repaired gryt project at {result.Project.GrytFolder}");
            foreach (var written in result.Written) output.Line("  restored " + result.Project.Shown(written));
            if (result.Written.Count == 0) output.Line("  nothing was missing");
            return ExitCodes.Ok;
        }

        output.Done($"Initialized gryt project at {result.Project.GrytFolder}");
        if (!Directory.Exists(Path.Combine(root, ".git")) && !File.Exists(Path.Combine(root, ".git")))
        {
            output.Warn("this folder is not the root of a git repository; evolutions and promotion need git tags");
        }

        if (result.Starter is { } starter)
        {
            var what = starter.Project is null ? "the " + starter.Ecosystem + " project" : $"the {starter.Ecosystem} project {starter.Project}";
            output.Line($"  pipeline: {result.Project.Shown(Path.Combine(result.Project.PipelinesFolder, StarterPipeline.FileName))} for {what}; try it: gryt run ci");
        }

        output.Line();
        output.Line("Next: declare a release contract");
        output.Line("  gryt generation new v1.0.0");
        return ExitCodes.Ok;
    }

    private static void ReportTags(InitResult result, Output output)
    {
        if (result.Tags is not { } tags) return;
        var config = result.Project.Shown(result.Project.ConfigPath);
        if (result.TagFormatWritten)
        {
            output.Note($"the project's version tags have no v (e.g. {tags.Example}): {config} sets tag_format: \"{tags.Template}\", so gryt tags {CiTagTriggers.SampleRcTag(tags.Template)} and then 1.0.0");
        }
        else if (result.TagFormatSuggested is { } suggested)
        {
            output.Warn($"the project's version tags look like {tags.Example} ({tags.Prefixed} with v, {tags.Unprefixed} without), but {config} names gryt's tags otherwise; set tag_format: \"{suggested}\" to follow them");
        }
    }

    /// <summary>CI files that an rc tag would start: a publish workflow on <c>tags: v*</c> would publish every release candidate.</summary>
    private static void WarnTagTriggers(GrytProject project, Output output)
    {
        var (sample, triggers) = CiTagTriggers.Find(project);
        if (triggers.Count == 0) return;
        foreach (var trigger in triggers)
        {
            output.Warn($"{trigger.File}:{trigger.Line}: the tag trigger '{trigger.Pattern}' also matches gryt's rc tags ({sample}), so every release candidate would start it; to exclude them, {trigger.Exclude}");
        }

        output.Warn($"or keep rc tags out of git push --follow-tags: push_rc_tags: false in {project.Shown(project.ConfigPath)} (docs/evolutions.md)");
    }

    private static void ReportReleases(InitResult result, Output output)
    {
        var releases = result.Project.Shown(Path.Combine(result.Project.GrytFolder, "releases")) + "/";
        if (result.Releases == ReleasesTracking.Unignored)
        {
            output.Note($"an ignore rule above ignores releases/: {result.Project.Shown(Path.Combine(result.Project.GrytFolder, ".gitignore"))} un-ignores {releases} so release notes and provenance are committed");
        }
        else if (result.Releases == ReleasesTracking.StillIgnored)
        {
            output.Warn($"git ignores {releases} and no rule in .gryt/.gitignore can undo it (a parent folder is ignored); release notes and provenance would not be committed " +
                $"(see: git check-ignore -v {releases}v1.0.0.md)");
        }
    }
}
