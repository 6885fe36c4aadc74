using Gryt.Pipelines.Loading;
using Gryt.Templates;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Templates;

public sealed class TemplateCatalogTests
{
    [Fact]
    public void The_catalog_has_the_five_templates_sorted_by_name()
    {
        Assert.Equal(
            ["dotnet-release", "go-release", "minimal", "node-ci", "python-ci"],
            TemplateCatalog.All.Select(t => t.Name));
    }

    [Theory]
    [InlineData("dotnet-release")]
    [InlineData("go-release")]
    [InlineData("minimal")]
    [InlineData("node-ci")]
    [InlineData("python-ci")]
    public void Every_template_ships_its_pipeline_as_a_valid_yaml_file_using_known_steps(string name)
    {
        var template = TemplateCatalog.Get(name);
        var files = TemplateCatalog.Files(template);
        var pipelineFile = Assert.Single(files, f => f.RelativePath == $".gryt/pipelines/{template.Pipeline}.yaml");
        Assert.Contains(files, f => f.RelativePath == "README.md");
        Assert.Contains(files, f => f.RelativePath == ".gitignore");

        using var folder = new TempDirectory();
        var path = folder.Combine(template.Pipeline + ".yaml");
        File.WriteAllText(path, TemplateNames.From("my-app").Apply(TemplateCatalog.Read(pipelineFile)));
        var pipeline = YamlPipelineLoader.Load(path, path, _ => null, VariableMode.Keep);
        Assert.Equal(template.Pipeline, pipeline.Name);
        Assert.NotEmpty(pipeline.Steps);
    }

    [Fact]
    public void An_unknown_template_is_bad_input_naming_the_known_ones()
    {
        var error = Assert.Throws<InvalidInputException>(() => TemplateCatalog.Get("cobol-mainframe"));
        Assert.Equal("unknown template 'cobol-mainframe'; known templates: dotnet-release, go-release, minimal, node-ci, python-ci", error.Message);
    }

    [Theory]
    [InlineData("my-service", "my-service", "MyService", "my_service")]
    [InlineData("My Service.Api", "my-service-api", "MyServiceApi", "my_service_api")]
    [InlineData("2fast", "2fast", "App2fast", "app_2fast")]
    [InlineData("---", "app", "App", "app")]
    public void Placeholders_come_from_the_folder_name(string folder, string name, string pascal, string package)
    {
        var names = TemplateNames.From(folder);
        Assert.Equal(new TemplateNames(name, pascal, package), names);
        Assert.Equal($"{name}/{pascal}/{package}", names.Apply("{{name}}/{{Name}}/{{package}}"));
    }
}
