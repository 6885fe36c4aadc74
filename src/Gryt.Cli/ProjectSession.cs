using Gryt.Project;
using Gryt.Storage;

namespace Gryt.Cli;

/// <summary>The project found from the working directory, its open database and the library context.</summary>
internal sealed class ProjectSession : IDisposable
{
    private ProjectSession(GrytProject project, GrytDatabase database, GrytContext context)
    {
        Project = project;
        Database = database;
        Context = context;
        RecoverDeadRuns(database, context.Clock);
    }

    public GrytProject Project { get; }
    public GrytDatabase Database { get; }
    public GrytContext Context { get; }

    public static ProjectSession Open(CliEnvironment environment)
    {
        var project = GrytProject.Find(environment.WorkingDirectory, environment.Variable("GRYT_DB"));
        var database = ProjectDatabase.Open(project);
        return new ProjectSession(project, database, environment.Context(project.Root));
    }

    public void Dispose() => Database.Dispose();

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
