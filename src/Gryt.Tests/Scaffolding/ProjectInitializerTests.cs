using Gryt.Project;
using Gryt.Scaffolding.Init;
using Gryt.Storage;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Scaffolding;

public sealed class ProjectInitializerTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Gryt(params string[] parts) => _folder.Combine([".gryt", .. parts]);

    [Fact]
    public void Initialize_creates_the_scaffold_and_the_database()
    {
        var result = ProjectInitializer.Initialize(_folder.Path, force: false);

        Assert.False(result.Repaired);
        Assert.True(File.Exists(Gryt("config.yaml")));
        Assert.True(File.Exists(Gryt("policy.yaml")));
        Assert.True(File.Exists(Gryt(".gitignore")));
        Assert.True(File.Exists(Gryt("pipelines", "example.yaml")));
        Assert.True(Directory.Exists(Gryt("generations")));
        Assert.True(File.Exists(Gryt("gryt.db")));
        Assert.Equal(4, result.Written.Count);
        Assert.Contains("gryt.db", File.ReadAllLines(Gryt(".gitignore")));
    }

    [Fact]
    public void Initialize_refuses_an_existing_gryt_folder_without_force()
    {
        ProjectInitializer.Initialize(_folder.Path, force: false);
        File.WriteAllText(Gryt("config.yaml"), "# mine\n");

        var error = Assert.Throws<ConflictException>(() => ProjectInitializer.Initialize(_folder.Path, force: false));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Contains("--force", error.Hint, StringComparison.Ordinal);
        Assert.Equal("# mine\n", File.ReadAllText(Gryt("config.yaml")));
    }

    [Fact]
    public void Initialize_with_force_keeps_generations_pipelines_edited_config_and_database_rows()
    {
        ProjectInitializer.Initialize(_folder.Path, force: false);
        var project = GrytProject.At(_folder.Path);
        using (var database = GrytDatabase.Open(project.DatabasePath))
        {
            new Gryt.Contracts.ContractService(project, database, GrytContext.For("test")).Create("v2.1.0", "keep me");
        }

        var generation = File.ReadAllText(Gryt("generations", "v2.1.0.yaml"));
        File.WriteAllText(Gryt("config.yaml"), "promotion:\n  min_evolutions: 3\n");
        File.WriteAllText(Gryt("pipelines", "example.yaml"), "name: example\nsteps: []\n");
        File.WriteAllText(Gryt("pipelines", "release.yaml"), "name: release\nsteps: []\n");

        var result = ProjectInitializer.Initialize(_folder.Path, force: true);

        Assert.True(result.Repaired);
        Assert.Empty(result.Written);
        Assert.Equal(generation, File.ReadAllText(Gryt("generations", "v2.1.0.yaml")));
        Assert.Equal("promotion:\n  min_evolutions: 3\n", File.ReadAllText(Gryt("config.yaml")));
        Assert.Equal("name: example\nsteps: []\n", File.ReadAllText(Gryt("pipelines", "example.yaml")));
        Assert.Equal("name: release\nsteps: []\n", File.ReadAllText(Gryt("pipelines", "release.yaml")));
        using var reopened = GrytDatabase.Open(project.DatabasePath);
        using var command = reopened.Connection.CreateCommand();
        command.CommandText = "SELECT description FROM generations WHERE version = 'v2.1.0'";
        Assert.Equal("keep me", command.ExecuteScalar());
    }

    [Fact]
    public void Initialize_with_force_restores_a_deleted_gitignore_and_missing_files()
    {
        ProjectInitializer.Initialize(_folder.Path, force: false);
        var original = File.ReadAllText(Gryt(".gitignore"));
        File.Delete(Gryt(".gitignore"));
        File.Delete(Gryt("policy.yaml"));

        var result = ProjectInitializer.Initialize(_folder.Path, force: true);

        Assert.Equal(original, File.ReadAllText(Gryt(".gitignore")));
        Assert.True(File.Exists(Gryt("policy.yaml")));
        Assert.Equal([Gryt("policy.yaml"), Gryt(".gitignore")], result.Written);
    }

    [Fact]
    public void Initialize_with_force_restores_an_edited_gitignore_so_the_database_stays_ignored()
    {
        ProjectInitializer.Initialize(_folder.Path, force: false);
        var original = File.ReadAllText(Gryt(".gitignore"));
        File.WriteAllText(Gryt(".gitignore"), "");

        ProjectInitializer.Initialize(_folder.Path, force: true);

        Assert.Equal(original, File.ReadAllText(Gryt(".gitignore")));
    }

    [Fact]
    public void Initialize_with_force_on_a_new_folder_is_a_plain_init()
    {
        var result = ProjectInitializer.Initialize(_folder.Path, force: true);

        Assert.False(result.Repaired);
        Assert.True(File.Exists(Gryt("gryt.db")));
    }

    [Fact]
    public void Initialize_creates_a_missing_root_folder()
    {
        var root = _folder.Combine("new", "project");

        ProjectInitializer.Initialize(root, force: false);

        Assert.True(File.Exists(Path.Combine(root, ".gryt", "gryt.db")));
    }

    [Fact]
    public void Initialize_refuses_a_root_that_is_a_file()
    {
        var root = _folder.Combine("file");
        File.WriteAllText(root, "x");

        Assert.Throws<InvalidInputException>(() => ProjectInitializer.Initialize(root, force: false));
    }

    [Fact]
    public void Initialize_puts_the_database_at_gryt_db_when_given()
    {
        var database = _folder.Combine("elsewhere.db");

        ProjectInitializer.Initialize(_folder.Path, force: false, database);

        Assert.True(File.Exists(database));
        Assert.False(File.Exists(Gryt("gryt.db")));
    }
}
