using Gryt.Pipelines.Loading;
using Gryt.Scaffolding.Templates;
using Gryt.Tests.TestSupport;

namespace Gryt.Tests.Scaffolding;

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

    [Fact]
    public void Dunder_files_keep_their_name_while_one_underscore_becomes_a_dot()
    {
        var files = TemplateCatalog.Files(TemplateCatalog.Get("python-ci")).Select(f => f.RelativePath).ToList();

        Assert.Contains("src/{{package}}/__init__.py", files);
        Assert.Contains("src/{{package}}/__main__.py", files);
        Assert.Contains(".gitignore", files);
        Assert.Contains(".gryt/pipelines/ci.yaml", files);
        Assert.DoesNotContain(files, f => f.Contains("._", StringComparison.Ordinal));
    }

    [Fact]
    public void The_go_release_module_names_a_go_version_that_debian_golang_1_19_builds()
    {
        var goMod = TemplateCatalog.Read(Assert.Single(TemplateCatalog.Files(TemplateCatalog.Get("go-release")), f => f.RelativePath == "go.mod"));

        var version = System.Text.RegularExpressions.Regex.Match(goMod, @"^go (\d+)\.(\d+)", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(version.Success, goMod);
        Assert.True((int.Parse(version.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(version.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).CompareTo((1, 19)) <= 0, goMod);
        Assert.DoesNotContain("toolchain", goMod, StringComparison.Ordinal);
    }
}
