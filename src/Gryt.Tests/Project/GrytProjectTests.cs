using Gryt.Project;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Project;

public sealed class GrytProjectTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Find_walks_up_from_a_nested_subdirectory()
    {
        Directory.CreateDirectory(_folder.Combine(".gryt"));
        var nested = Directory.CreateDirectory(_folder.Combine("src", "deep", "er")).FullName;

        var project = GrytProject.Find(nested);

        Assert.Equal(_folder.Path, project.Root);
        Assert.Equal(_folder.Combine(".gryt"), project.GrytFolder);
        Assert.Equal(_folder.Combine(".gryt", "gryt.db"), project.DatabasePath);
        Assert.Equal(_folder.Combine(".gryt", "generations"), project.GenerationsFolder);
    }

    [Fact]
    public void Find_takes_the_nearest_gryt_folder()
    {
        Directory.CreateDirectory(_folder.Combine(".gryt"));
        Directory.CreateDirectory(_folder.Combine("inner", ".gryt"));
        var nested = Directory.CreateDirectory(_folder.Combine("inner", "src")).FullName;

        Assert.Equal(_folder.Combine("inner"), GrytProject.Find(nested).Root);
    }

    [Fact]
    public void Gryt_db_overrides_the_database_path()
    {
        Directory.CreateDirectory(_folder.Combine(".gryt"));
        var elsewhere = _folder.Combine("elsewhere.db");

        var project = GrytProject.Find(_folder.Path, elsewhere);

        Assert.Equal(elsewhere, project.DatabasePath);
    }

    [Fact]
    public void A_relative_gryt_db_is_made_absolute()
    {
        Directory.CreateDirectory(_folder.Combine(".gryt"));

        var project = GrytProject.Find(_folder.Path, "relative.db");

        Assert.True(Path.IsPathRooted(project.DatabasePath));
    }

    [Fact]
    public void An_empty_gryt_db_means_the_default()
    {
        Directory.CreateDirectory(_folder.Combine(".gryt"));

        Assert.Equal(_folder.Combine(".gryt", "gryt.db"), GrytProject.Find(_folder.Path, "").DatabasePath);
    }

    [Fact]
    public void Find_without_a_gryt_folder_is_an_environment_error_that_says_to_run_init()
    {
        var nested = Directory.CreateDirectory(_folder.Combine("a", "b")).FullName;

        var error = Assert.Throws<GrytEnvironmentException>(() => GrytProject.Find(nested));

        Assert.Contains("no .gryt/ found", error.Message, StringComparison.Ordinal);
        Assert.Contains("gryt init", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_named_gryt_is_not_a_project()
    {
        File.WriteAllText(_folder.Combine(".gryt"), "not a folder");

        Assert.Throws<GrytEnvironmentException>(() => GrytProject.Find(_folder.Path));
    }

    [Fact]
    public void Shown_paths_are_relative_to_the_root()
    {
        var project = GrytProject.At(_folder.Path);

        Assert.Equal(Path.Combine(".gryt", "generations", "v2.1.0.yaml"), project.Shown(project.GenerationFile(SemanticVersion.Parse("2.1.0"))));
    }
}
