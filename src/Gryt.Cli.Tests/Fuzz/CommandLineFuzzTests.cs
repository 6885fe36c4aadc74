using CsCheck;
using Gryt.Cli.Tests.TestSupport;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.Fuzz;

/// <summary>
/// The whole <c>gryt</c> command line, parsed and run in-process on a fresh copy of a small
/// project: any argv ends with exit 0 to 5 (never 70, never an exception).
/// </summary>
[Trait("Category", "Slow")]
public sealed class CommandLineFuzzTests : IClassFixture<CommandLineFuzzTests.SeedProject>, IDisposable
{
    private static readonly int[] UserExitCodes = [0, 1, 2, 3, 4, 5];

    private static readonly string[] Tokens =
    [
        "init", "new", "list", "generation", "update", "show", "promote", "gen-test", "evolution", "start", "run", "pipeline",
        "validate", "db", "query", "metric", "audit", "export", "verify", "snapshot", "list-snapshots", "rollback", "hotfix",
        "hotfix-promote", "compliance", "completion", "__complete", "help",
        "--all", "--at", "--change", "--ci", "--description", "--dry-run", "--evolution", "--force", "--format", "--gen", "--issue",
        "--json", "--label", "--no-evolution", "--output", "--pipeline", "--since", "--template", "--title", "--version", "--write",
        "--yes", "--help", "-a", "-c", "-d", "-f", "-g", "-h", "-i", "-l", "-o", "-p", "-t", "-y", "-?", "--", "-", "--allow-dirty",
        "v1.0.0", "1.0.0", "v2.0.0", "v1.0.1", "v0.0.0-rc.1", "v99999999999.0.0", "FEAT-1", "BUG-2", "example", "minimal", "python-ci",
        "csv", "json", "html", "bash", "zsh", "pwsh", "version", "change", "SELECT 1", "SELECT * FROM generations", "PRAGMA user_version",
        "", " ", "'", "\"", "%s", "{0}", "\u202e", "\0", "\x1b[31m", "é", "日本", "NaN", "-1", "0", "99999999999999999999",
        "2026-01-01", "yesterday", "out.json", "out.csv", "report.html", "x.pdf", "../x", "sub/dir", "@missing-response-file",
        new string('x', 5000), "FEAT-1,BUG-2", "--format=json", "--change=FEAT-1", "-o=out.json",
    ];

    private readonly SeedProject _seed;
    private readonly TempDirectory _work = new();
    private int _runs;

    public CommandLineFuzzTests(SeedProject seed) => _seed = seed;

    public void Dispose() => _work.Dispose();

    public static TheoryData<int> CorpusLines()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < ReadCorpus().Count; i++) data.Add(i);
        return data;
    }

    private static List<string[]> ReadCorpus() =>
        [.. File.ReadAllLines(Fuzzing.Corpus("argv.txt")).Where(l => !l.StartsWith('#')).Select(l => l.Length == 0 ? [] : l.Split('\t'))];

    [Theory]
    [MemberData(nameof(CorpusLines))]
    public void Every_corpus_command_line_ends_with_a_documented_exit_code(int line) => EndsCleanly(ReadCorpus()[line]);

    [Fact]
    public void Mutated_command_lines_end_with_a_documented_exit_code()
    {
        var corpus = ReadCorpus();
        var edit = Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Int[0, Tokens.Length - 1]);
        Gen.Select(Gen.Int[0, corpus.Count - 1], edit.Array[1, 5])
            .Select(t => Mutate(corpus[t.Item1], t.Item2))
            .Sample(EndsCleanly, iter: Fuzzing.Iterations(30), threads: 1, seed: Fuzzing.Seed, print: Show);
    }

    [Fact]
    public void Command_lines_of_random_tokens_end_with_a_documented_exit_code()
    {
        Gen.Int[0, Tokens.Length - 1].Array[0, 7].Select(t => t.Select(i => Tokens[i]).ToArray())
            .Sample(EndsCleanly, iter: Fuzzing.Iterations(30), threads: 1, seed: Fuzzing.Seed, print: Show);
    }

    private static string[] Mutate(string[] argv, (int Kind, double At, int Token)[] edits)
    {
        var args = new List<string>(argv);
        foreach (var (kind, at, token) in edits)
        {
            var position = (int)(at * args.Count);
            switch (kind)
            {
                case 0 when position < args.Count:
                    args[position] = Tokens[token];
                    break;
                case 1 when position < args.Count:
                    args.RemoveAt(position);
                    break;
                case 2 when position < args.Count:
                    args.Insert(position, args[position]);
                    break;
                default:
                    args.Insert(position, Tokens[token]);
                    break;
            }
        }

        return [.. args];
    }

    private void EndsCleanly(string[] argv)
    {
        // Each command line gets its own copy: a command that changes the project cannot change the next one's outcome.
        var root = Path.Combine(_work.Path, (++_runs).ToString(System.Globalization.CultureInfo.InvariantCulture), "project");
        SeedProject.Copy(_seed.Root, root);
        CliResult result;
        try
        {
            result = new CliRunner(root).Run(argv);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException($"gryt {Show(argv)} threw {e.GetType().Name}: {e.Message}", e);
        }

        Assert.True(UserExitCodes.Contains(result.ExitCode), $"gryt {Show(argv)} exited {result.ExitCode}:\n{result}");
        Directory.Delete(Path.GetDirectoryName(root)!, recursive: true);
    }

    private static string Show(string[] argv) =>
        string.Join(' ', argv.Select(a => "'" + string.Concat(a.Take(60).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString())) + (a.Length > 60 ? "…" : "") + "'"));

    /// <summary>A git repository with .gryt/ initialised and generation v1.0.0 declaring FEAT-1 and BUG-2, committed.</summary>
    public sealed class SeedProject : IDisposable
    {
        private readonly GitRepository _repository = new();

        public SeedProject()
        {
            var gryt = new CliRunner(Root);
            gryt.Ok("init");
            gryt.Ok("generation", "new", "v1.0.0");
            File.WriteAllText(Path.Combine(Root, ".gryt", "generations", "v1.0.0.yaml"), """
                version: v1.0.0
                changes:
                  - { type: add, id: FEAT-1, title: "Feature", pipeline: example }
                  - { type: fix, id: BUG-2, title: "Bug" }
                """);
            gryt.Ok("generation", "update", "v1.0.0");
            _repository.Git("add", "-A");
            _repository.Git("commit", "--quiet", "-m", "gryt project");
        }

        public string Root => _repository.Root;

        public static void Copy(string from, string to)
        {
            Directory.CreateDirectory(to);
            foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            {
                Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
            }

            foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            {
                File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
            }
        }

        public void Dispose() => _repository.Dispose();
    }
}
