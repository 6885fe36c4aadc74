using System.Diagnostics;
using CsCheck;
using Gryt.Contracts;
using Gryt.Pipelines.Loading;
using Gryt.Policies;
using Gryt.Project;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Fuzz;

/// <summary>
/// Every YAML loader, given any bytes, returns a value or throws a <see cref="GrytException"/>
/// whose message is one line (file:line:column for a file's content), promptly; never another
/// exception, a hang or a crash of the process.
/// </summary>
public sealed class YamlLoaderFuzzTests : IDisposable
{
    private static readonly SemanticVersion Version = SemanticVersion.Parse("v1.0.0");
    private readonly TempDirectory _folder = new();
    private readonly GrytProject _project;

    public YamlLoaderFuzzTests()
    {
        _project = GrytProject.At(_folder.Path);
        Directory.CreateDirectory(_project.PipelinesFolder);
    }

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Fuzzing.Corpus("yaml")).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(file));
        return data;
    }

    private static List<byte[]> Corpus() =>
        [.. Directory.GetFiles(Fuzzing.Corpus("yaml")).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)];

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void Every_corpus_file_is_loaded_or_refused_cleanly_by_every_loader(string name)
    {
        LoadEverywhere(File.ReadAllBytes(Fuzzing.Corpus("yaml", name)));
    }

    [Fact]
    public void Mutated_corpus_files_are_loaded_or_refused_cleanly_by_every_loader()
    {
        Fuzzing.Mutations(Corpus(), Fuzzing.YamlTokens).Sample(LoadEverywhere,
            iter: Fuzzing.Iterations(200), threads: 1, seed: Fuzzing.Seed, print: Fuzzing.Show);
    }

    [Fact]
    public void Token_soup_is_loaded_or_refused_cleanly_by_every_loader()
    {
        var soup = Gen.Int[0, Fuzzing.YamlTokens.Length - 1].Array[0, 60]
            .Select(tokens => System.Text.Encoding.UTF8.GetBytes(string.Concat(tokens.Select(t => Fuzzing.YamlTokens[t]))));
        soup.Sample(LoadEverywhere, iter: Fuzzing.Iterations(200), threads: 1, seed: Fuzzing.Seed, print: Fuzzing.Show);
    }

    private void LoadEverywhere(byte[] bytes)
    {
        Clean("contract", "v1.0.0.yaml", () => ContractFile.Parse(bytes, "v1.0.0.yaml", Version));

        var pipeline = Path.Combine(_project.PipelinesFolder, "p.yaml");
        File.WriteAllBytes(pipeline, bytes);
        Clean("pipeline (list)", "p.yaml", () => YamlPipelineLoader.Load(pipeline, "p.yaml", _ => null, VariableMode.Keep));
        Clean("pipeline (run)", "p.yaml", () => YamlPipelineLoader.Load(pipeline, "p.yaml", name => name == "HOME" ? "/home/x" : null, VariableMode.Require));

        File.WriteAllBytes(_project.PolicyPath, bytes);
        Clean("policy", ".gryt/policy.yaml", () => PolicyFile.Load(_project));

        File.WriteAllBytes(_project.ConfigPath, bytes);
        Clean("config", ".gryt/config.yaml", () => ProjectConfig.Load(_project));
    }

    private static void Clean(string loader, string shownPath, Action load)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            load();
        }
        catch (GrytException e)
        {
            Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"{loader}: a message of more than one line: {e.Message}");
            if (e is InvalidFileException file) Assert.StartsWith(shownPath + ":", file.Message, StringComparison.Ordinal);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"{loader} threw {e.GetType().Name}: {e.Message}", e);
        }

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"{loader} took {clock.Elapsed}");
    }
}
