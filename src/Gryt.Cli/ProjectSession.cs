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
}
