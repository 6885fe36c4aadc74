using Gryt.Project;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Scaffolding.Init;

namespace Gryt.Cli.Tests.Pipelines;

/// <summary>A temporary gryt project in a real git repository, and gryt run in-process against it.</summary>
internal sealed class PipelineCliProject : IDisposable
{
    public PipelineCliProject()
    {
        Root = Path.Combine(Path.GetTempPath(), "gryt-cli-pipelines-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Root);
        ProjectInitializer.Initialize(Root, force: false);
    }

    public string Root { get; }

    public string PipelinesFolder => Path.Combine(Root, ".gryt", "pipelines");

    public void Write(string fileName, string content) => File.WriteAllText(Path.Combine(PipelinesFolder, fileName), content);

    public (int Exit, string Out, string Err) Gryt(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment(output, error, Root, name => name == "GRYT_DB" ? null : Environment.GetEnvironmentVariable(name), false, TimeProvider.System);
        var exit = CliRunner.Invoke(args, environment);
        return (exit, output.ToString(), error.ToString());
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>The repository this test runs from (holding Gryt.slnx), to reference the library by path.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) return dir.FullName;
        }

        throw new InvalidOperationException("Gryt.slnx not found above " + AppContext.BaseDirectory);
    }
}
