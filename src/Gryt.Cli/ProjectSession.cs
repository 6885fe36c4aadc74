using Gryt.Contracts;
using Gryt.Git;
using Gryt.Project;
using Gryt.Promotion;
using Gryt.Storage;

namespace Gryt.Cli;

/// <summary>The project found from the working directory, its open database and the library context.</summary>
internal sealed class ProjectSession : IDisposable
{
    private ProjectSession(GrytProject project, GrytDatabase database, GrytContext context, TextWriter err)
    {
        Project = project;
        Database = database;
        Context = context;
        RecoverDeadRuns(database, context.Clock);
        ImportFromGit(err);
    }

    public GrytProject Project { get; }
    public GrytDatabase Database { get; }
    public GrytContext Context { get; }

    public static ProjectSession Open(CliEnvironment environment)
    {
        var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
        var database = ProjectDatabase.Open(project);
        return new ProjectSession(project, database, environment.Context(project.Root), environment.Err);
    }

    public void Dispose() => Database.Dispose();

    /// <summary>
    /// A fresh clone (no generation recorded) of a repository with gryt's tags gets its releases from
    /// git, said once. A database that cannot be written now leaves that to a later command.
    /// </summary>
    private void ImportFromGit(TextWriter err)
    {
        GitImportResult? result;
        try
        {
            result = new GitRecordImport(Project, Database, Context, new GitClient(Project.Root)).ImportIfEmpty();
        }
        catch (Exception ex) when (ex is GrytEnvironmentException or Microsoft.Data.Sqlite.SqliteException)
        {
            err.WriteLine($"gryt: warning: this clone's releases could not be imported from git tags: {ex.Message.ReplaceLineEndings(" ")}");
            return;
        }

        if (result is null) return;
        if (result.Generations.Count > 0)
        {
            var what = result.Generations.Select(g => $"{g.Version} ({g.Status.ToWord()}, {Counted.Of(g.RcTags.Count, "evolution")})");
            err.WriteLine($"gryt: this database had no records: imported from git tags {string.Join(", ", what)}; " +
                "failed attempts, runs and metrics are not in git (a gryt server shares them)");
        }

        foreach (var skipped in result.Skipped) err.WriteLine($"gryt: warning: not imported from git: {skipped}");
    }

    /// <summary>
    /// Whatever the command, a run whose gryt died (kill -9) is closed as interrupted, its step
    /// processes killed and its evolution closed too. Best effort: a database that cannot be
    /// written now (read-only, locked, full) leaves that to a later command.
    /// </summary>
    private static void RecoverDeadRuns(GrytDatabase database, TimeProvider clock)
    {
        try
        {
            PipelineRuns.RecoverInterrupted(database, clock);
        }
        catch (Exception ex) when (ex is GrytEnvironmentException or Microsoft.Data.Sqlite.SqliteException)
        {
        }
    }
}
