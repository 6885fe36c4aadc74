using System.Diagnostics;
using System.Text;
using Gryt.Contracts;
using Gryt.Pipelines.Loading;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Tests.TestSupport;
using Gryt.Yaml;

namespace Gryt.Tests.Yaml;

/// <summary>Every loader of a gryt YAML file refuses hostile YAML promptly, with file:line.</summary>
public sealed class YamlBoundsTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly GrytProject _project;

    public YamlBoundsTests()
    {
        _project = GrytProject.At(_folder.Path);
        Directory.CreateDirectory(_project.PipelinesFolder);
        Directory.CreateDirectory(_project.GenerationsFolder);
    }

    public void Dispose() => _folder.Dispose();

    public enum Loader
    {
        Pipeline,
        Policy,
        Config,
        Contract,
    }

    /// <summary>Nine levels of ten aliases each: 10⁹ values from a few hundred bytes.</summary>
    private static string BillionLaughs(string indent)
    {
        var text = new StringBuilder();
        text.Append(indent).Append("a0: &a0 [lol]\n");
        for (var i = 1; i <= 9; i++)
        {
            text.Append(indent).Append($"a{i}: &a{i} [").Append(string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))).Append("]\n");
        }

        return text.ToString();
    }

    /// <summary>A file of the loader's format with <paramref name="body"/> where it takes arbitrary values, and the body's first line.</summary>
    private static (string Text, int BodyLine) Wrap(Loader loader, Func<string, string> body) => loader switch
    {
        Loader.Pipeline => ("name: p\nsteps:\n  - name: a\n    uses: pytest\n    with:\n" + body("      "), 6),
        Loader.Policy => ("policies:\n  - name: p\n    required_steps:\n      - test\n    x:\n" + body("      "), 6),
        Loader.Config => ("promotion:\n  min_evolutions: 1\n  x:\n" + body("    "), 4),
        _ => ("version: v1.0.0\nchanges: []\nx:\n" + body("  "), 4),
    };

    private InvalidFileException Refused(Loader loader, string text)
    {
        var (path, action) = loader switch
        {
            Loader.Pipeline => (Path.Combine(_project.PipelinesFolder, "p.yaml"), (Action)(() => YamlPipelineLoader.Load(Path.Combine(_project.PipelinesFolder, "p.yaml"), "p.yaml", _ => null, VariableMode.Keep))),
            Loader.Policy => (_project.PolicyPath, () => PolicyFile.Load(_project)),
            Loader.Config => (_project.ConfigPath, () => ProjectConfig.Load(_project)),
            _ => (_project.GenerationFile(SemanticVersion.Parse("v1.0.0")), (Action)(() => ContractFile.Load(_project.GenerationFile(SemanticVersion.Parse("v1.0.0")), "v1.0.0.yaml", SemanticVersion.Parse("v1.0.0")))),
        };
        File.WriteAllText(path, text);
        var clock = Stopwatch.StartNew();
        var error = Assert.Throws<InvalidFileException>(action);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        return error;
    }

    [Theory]
    [InlineData(Loader.Pipeline)]
    [InlineData(Loader.Policy)]
    [InlineData(Loader.Config)]
    [InlineData(Loader.Contract)]
    public void A_billion_laughs_of_aliases_is_refused_at_the_alias_that_passes_the_limit(Loader loader)
    {
        var (text, bodyLine) = Wrap(loader, BillionLaughs);

        var error = Refused(loader, text);

        Assert.Contains("aliases of the file stand for more than 100000 values", error.Message, StringComparison.Ordinal);
        // The aliases up to a4 stand for 23450 values; the fourth alias on a5's line passes 100000.
        Assert.Equal(bodyLine + 5, error.Line);
    }

    [Theory]
    [InlineData(Loader.Pipeline)]
    [InlineData(Loader.Policy)]
    [InlineData(Loader.Config)]
    [InlineData(Loader.Contract)]
    public void An_alias_inside_its_own_anchor_is_refused(Loader loader)
    {
        var (text, bodyLine) = Wrap(loader, indent => $"{indent}loop: &me [a, *me]\n");

        var error = Refused(loader, text);

        Assert.Contains("alias *me refers to a node that contains it", error.Message, StringComparison.Ordinal);
        Assert.Equal(bodyLine, error.Line);
    }

    [Theory]
    [InlineData(Loader.Pipeline)]
    [InlineData(Loader.Policy)]
    [InlineData(Loader.Config)]
    [InlineData(Loader.Contract)]
    public void Deep_nesting_is_refused_without_overflowing_the_stack(Loader loader)
    {
        // 100000 levels would overflow the stack of a recursive loader and kill the process.
        var (text, bodyLine) = Wrap(loader, indent => indent + "deep: " + new string('[', 100_000) + new string(']', 100_000) + "\n");

        var error = Refused(loader, text);

        Assert.Contains("more than 64 levels deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(bodyLine, error.Line);
    }

    [Theory]
    [InlineData(Loader.Pipeline)]
    [InlineData(Loader.Contract)]
    public void Nesting_reached_through_an_alias_counts_too(Loader loader)
    {
        var deep = new string('[', 40) + new string(']', 40);
        var (text, bodyLine) = Wrap(loader, indent => $"{indent}one: &d {deep}\n{indent}two: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[*d]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n");

        var error = Refused(loader, text);

        Assert.Contains("alias *d nests mappings and lists more than 64 levels deep", error.Message, StringComparison.Ordinal);
        Assert.Equal(bodyLine + 1, error.Line);
    }

    [Theory]
    [InlineData(Loader.Pipeline)]
    [InlineData(Loader.Policy)]
    [InlineData(Loader.Config)]
    [InlineData(Loader.Contract)]
    public void A_file_over_one_mebibyte_is_refused(Loader loader)
    {
        var (text, _) = Wrap(loader, indent => indent + "big: " + new string('x', YamlBounds.MaxBytes) + "\n");

        var error = Refused(loader, text);

        Assert.Contains("larger than 1048576 bytes (1 MiB)", error.Message, StringComparison.Ordinal);
        Assert.Equal((1, 1), (error.Line, error.Column));
    }

    [Fact]
    public void An_alias_to_an_anchor_not_yet_defined_is_refused_at_the_alias()
    {
        var (text, bodyLine) = Wrap(Loader.Pipeline, indent => $"{indent}a: *later\n{indent}b: &later x\n");

        var error = Refused(Loader.Pipeline, text);

        Assert.Contains("alias *later refers to no anchor &later before it", error.Message, StringComparison.Ordinal);
        Assert.Equal(bodyLine, error.Line);
    }

    [Fact]
    public void Ordinary_aliases_still_work()
    {
        var path = Path.Combine(_project.PipelinesFolder, "p.yaml");
        File.WriteAllText(path, """
            name: p
            env: &common { A: "1", B: "2" }
            steps:
              - { name: a, run: "true", env: *common }
              - { name: b, run: "true", env: *common }
            """);

        var pipeline = YamlPipelineLoader.Load(path, "p.yaml", _ => null, VariableMode.Keep);

        Assert.Equal("2", pipeline.Steps[1].Environment["B"]);
    }

    [Fact]
    public void A_device_that_never_ends_is_refused_as_too_large()
    {
        if (!File.Exists("/dev/zero")) return;
        File.CreateSymbolicLink(_project.ConfigPath, "/dev/zero");

        var error = Assert.Throws<InvalidFileException>(() => ProjectConfig.Load(_project));

        Assert.Contains("larger than 1048576 bytes", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("...\n!!int x\0\n", 1)]
    [InlineData("hooks:\n  f:\n    - command: { command: \"true\", timeout:${ 10s }\nd:\n  - file: { path: out }\n", 3)]
    [InlineData("hooks:\n  - c: { t:${ 1 }\nd: 2\n", 2)]
    [InlineData("name: p\nx: !!binaryey]\n", 2)]
    public void Input_that_stops_the_yaml_scanner_is_a_file_line_error(string text, int line)
    {
        // Found by the fuzz tests: YamlDotNet throws InvalidOperationException or ArgumentException here, not YamlException.
        var path = Path.Combine(_project.PipelinesFolder, "p.yaml");
        File.WriteAllText(path, text);

        var error = Assert.Throws<InvalidFileException>(() => YamlPipelineLoader.Load(path, "p.yaml", _ => null, VariableMode.Keep));

        Assert.StartsWith($"p.yaml:{line}:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid YAML", error.Message, StringComparison.Ordinal);
    }
}
