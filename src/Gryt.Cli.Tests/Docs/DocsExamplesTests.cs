using System.Text;
using System.Text.RegularExpressions;
using Gryt.Cli.Tests.Pipelines;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Docs;

/// <summary>
/// The C# examples of docs/*.md and the README, marked <c>&lt;!-- example: NAME --&gt;</c>, compiled
/// together against the library (one build) and each run in a real gryt project whose generation
/// v2.1.0 has FEAT-101 proven with coverage 91%, so the documentation cannot drift from the API.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class DocsExamplesTests
{
    /// <summary>The guide's concepts (SPEC §6) must each keep a runnable C# form.</summary>
    private static readonly string[] Required = ["steps", "pipeline", "promote", "destination", "gate-file", "csharp-pipeline"];

    [Fact]
    public void Every_csharp_example_in_the_docs_compiles_and_runs()
    {
        var repository = PipelineCliProject.RepositoryRoot();
        var examples = DocExample.Find(repository);
        Assert.Empty(examples.Where(e => e.Name is null).Select(e => $"{e.File}:{e.Line} has no <!-- example: NAME --> marker"));
        Assert.Empty(examples.GroupBy(e => e.Name).Where(g => g.Count() > 1).Select(g => $"example {g.Key} is defined twice"));
        Assert.Empty(Required.Except(examples.Select(e => e.Name!)));

        using var build = new TempDirectory();
        var program = Compile(build.Path, repository, examples);

        foreach (var example in examples)
        {
            using var project = new ExampleProject();
            var run = ProcessRunner.Run(TimeSpan.FromMinutes(2), "dotnet", project.Root, project.Environment, program, example.Name!);

            Assert.True(run.ExitCode == 0, $"example {example.Name} ({example.File}:{example.Line}) exited {run}");
            project.Check(example.Name!, run.Out);
        }
    }

    private static string Compile(string folder, string repository, List<DocExample> examples)
    {
        var library = Path.Combine(repository, "src", "Gryt", "Gryt.csproj");
        File.WriteAllText(Path.Combine(folder, "DocExamples.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
                <!-- The wrapping's doing, not the examples': an await-less body and the return after theirs. -->
                <NoWarn>CS1998;CS0162</NoWarn>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{library}" />
              </ItemGroup>
            </Project>
            """);
        var dispatch = new StringBuilder("return args[0] switch\n{\n");
        foreach (var example in examples)
        {
            File.WriteAllText(Path.Combine(folder, example.Name + ".cs"), example.AsClass(repository));
            dispatch.Append($"    \"{example.Name}\" => await DocExamples.{example.Namespace}.Example.RunAsync(args[1..]),\n");
        }

        File.WriteAllText(Path.Combine(folder, "Program.cs"), dispatch.Append("    _ => 64,\n};\n").ToString());
        var result = ProcessRunner.Run(TimeSpan.FromMinutes(5), "dotnet", folder, null, "build", "--nologo", "-v", "q", "-clp:ErrorsOnly");
        Assert.True(result.ExitCode == 0, "the docs' examples do not build:\n" + result.Out + result.Err);
        return Path.Combine(folder, "bin", "Debug", "net10.0", "DocExamples.dll");
    }

    /// <summary>One fenced csharp block of a markdown file; <see cref="Name"/> is null when it is not marked.</summary>
    private sealed partial record DocExample(string File, int Line, string? Name, string Code)
    {
        public string Namespace => "E_" + Name!.Replace('-', '_');

        public static List<DocExample> Find(string repository)
        {
            var files = Directory.GetFiles(Path.Combine(repository, "docs"), "*.md").Append(Path.Combine(repository, "README.md")).Where(System.IO.File.Exists);
            var examples = new List<DocExample>();
            foreach (var file in files.Order(StringComparer.Ordinal))
            {
                var text = System.IO.File.ReadAllText(file);
                foreach (Match block in Block().Matches(text))
                {
                    var line = text[..block.Groups["code"].Index].Count(c => c == '\n') + 1;
                    var name = block.Groups["name"].Success ? block.Groups["name"].Value : null;
                    examples.Add(new DocExample(Path.GetRelativePath(repository, file), line, name, block.Groups["code"].Value));
                }
            }

            return examples;
        }

        /// <summary>
        /// The example as a class: its <c>using</c> lines first, its statements (a file-based app's
        /// top-level code) as the body of <c>RunAsync(args)</c>, its types after. <c>#:</c> directives
        /// are dropped: the build references the library by project.
        /// </summary>
        public string AsClass(string repository)
        {
            var lines = Code.Split('\n');
            var path = Path.Combine(repository, File);
            var usings = new StringBuilder();
            var statements = new StringBuilder();
            var types = new StringBuilder();
            var inTypes = false;
            var inStatements = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                var at = $"#line {Line + i} \"{path}\"\n";
                if (line.StartsWith("#:", StringComparison.Ordinal)) continue;
                if (!inStatements && !inTypes && (UsingDirective().IsMatch(line) || line.Length == 0))
                {
                    usings.Append(at).Append(line).Append('\n');
                    continue;
                }

                if (!inTypes && TypeDeclaration().IsMatch(line))
                {
                    inTypes = true;
                    types.Append(at);
                }
                else if (!inTypes && !inStatements)
                {
                    inStatements = true;
                    statements.Append(at);
                }

                (inTypes ? types : statements).Append(line).Append('\n');
            }

            return $"{usings}#line default\nnamespace DocExamples.{Namespace};\n\n" +
                $"internal static class Example\n{{\n    public static async Task<int> RunAsync(string[] args)\n    {{\n{statements}#line default\n        return 0;\n    }}\n}}\n\n{types}";
        }

        [GeneratedRegex(@"(?:<!-- example: (?<name>[a-z0-9-]+) -->\n)?```csharp\n(?<code>.*?)\n```", RegexOptions.Singleline)]
        private static partial Regex Block();

        [GeneratedRegex(@"^using (static )?[\w.]+( = [\w.<>]+)?;$")]
        private static partial Regex UsingDirective();

        [GeneratedRegex(@"^((public|internal|file|sealed|abstract|static|partial|readonly) )*(class|record|struct|interface|enum) ")]
        private static partial Regex TypeDeclaration();
    }

    /// <summary>A gryt project in a real git repository: generation v2.1.0 whose FEAT-101 a run of
    /// <c>ci</c> proved with coverage 91, committed, as a user leaves it before promoting.</summary>
    private sealed class ExampleProject : IDisposable
    {
        private readonly GitRepository _repo = new();
        private readonly CliRunner _gryt;

        public ExampleProject()
        {
            _gryt = new CliRunner(_repo.Root);
            _gryt.Ok("init");
            File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "pipelines", "ci.yaml"),
                "name: ci\nsteps:\n  - { name: test, run: \"echo '::gryt metric coverage=91'\" }\n");
            _gryt.Ok("generation", "new", "v2.1.0");
            File.WriteAllText(Path.Combine(_repo.Root, ".gryt", "generations", "v2.1.0.yaml"),
                "version: v2.1.0\nchanges:\n  - type: add\n    id: FEAT-101\n    title: \"Stripe Connect\"\npipeline_template: ci\n");
            _gryt.Ok("generation", "update", "v2.1.0");
            Commit("contract");
            _gryt.Ok("evolution", "start", "v2.1.0", "--change", "FEAT-101");
            Commit("feature");
            _gryt.Ok("run", "ci");
        }

        public string Root => _repo.Root;

        public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
        {
            ["GRYT_DB"] = Path.Combine(Root, ".gryt", "gryt.db"),
            ["GRYT_GATE_VERSION"] = "v2.1.0",
        };

        /// <summary>What each example must have done beyond exiting 0.</summary>
        public void Check(string name, string output)
        {
            switch (name)
            {
                case "steps":
                    Assert.Contains("Pass; go-ci runs deps, unit, build; python-ci has 2 steps", output);
                    break;
                case "pipeline":
                    Assert.Contains("Pass: coverage 87.5", output);
                    Assert.Equal(["pass"], RunStatuses("ci-pipeline"));
                    break;
                case "promote":
                    Assert.Contains("code_coverage: Coverage 91% OK", output);
                    Assert.Equal("v2.1.0", _repo.Git("tag", "--list", "v2.1.0").Trim());
                    break;
                case "gate-file":
                    Assert.Contains("::gryt-gate ", output);
                    Assert.Contains("\"passed\":true", output);
                    break;
                case "destination":
                    Assert.Matches(@"s3://releases/v1\.0\.0/[0-9a-f-]+\.json: pass", output);
                    break;
                case "csharp-pipeline":
                    Assert.True(File.Exists(Path.Combine(Root, "bin", "app.txt")));
                    Assert.Equal(["pass"], RunStatuses("NAME"));
                    break;
            }
        }

        private List<string> RunStatuses(string pipeline)
        {
            using var data = new SqliteData(Path.Combine(Root, ".gryt", "gryt.db"));
            return [.. data.Query("SELECT status FROM pipeline_runs WHERE pipeline_name = ?", pipeline).Select(r => (string)r["status"]!)];
        }

        private void Commit(string message)
        {
            File.AppendAllText(Path.Combine(_repo.Root, "work.txt"), message + "\n");
            _repo.Git("add", "-A");
            _repo.Git("commit", "--quiet", "-m", message);
        }

        public void Dispose() => _repo.Dispose();
    }
}
