using System.Globalization;
using System.Text;
using CsCheck;

namespace Gryt.Cli.Tests.Fuzz;

/// <summary>
/// How long the fuzz tests run and what they start from. In <c>dotnet test</c> each property
/// runs a few hundred inputs (seconds); <c>GRYT_FUZZ_ITERATIONS=100000</c> runs longer and
/// <c>GRYT_FUZZ_SEED</c> replays the seed a failure printed (docs/development.md).
/// </summary>
internal static class Fuzzing
{
    public static long Iterations(long byDefault) =>
        long.TryParse(Environment.GetEnvironmentVariable("GRYT_FUZZ_ITERATIONS"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : byDefault;

    public static string? Seed => Environment.GetEnvironmentVariable("GRYT_FUZZ_SEED") is { Length: > 0 } seed ? seed : null;

    /// <summary>The corpus folder copied beside the tests (Fuzz/Corpus in the sources).</summary>
    public static string Corpus(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fuzz", "Corpus", .. parts]);

    /// <summary>Pieces that tend to matter to a YAML parser and to gryt's loaders.</summary>
    public static readonly string[] YamlTokens =
    [
        ": ", "- ", "\n", "\n  ", "  ", "\t", "#", "&a ", "*a", "&b ", "*b", "[", "]", "{", "}", ",", "? ", "|", ">-", "'", "\"",
        "!!str ", "!!binary ", "!!int ", "!tag ", "<<: ", "---\n", "...\n", "~", "null", "true", "yes", "0x1F", "1e999", "-1",
        "99999999999h", "2000h", "1h30m", "0ms", "v1.0.0", "${HOME}", "${", "\u202e", "\0", "\r", "\u2028", "\uFEFF", "é", "\\u0000",
        "name", "steps", "run", "uses", "with", "needs", "timeout", "retries", "env", "hooks", "destinations", "version", "changes",
        "id", "type", "title", "policies", "required_steps", "applies_to", "promotion", "gates", "metric", "min", "max", "file",
        "pytest", "go-test", "dotnet-test", "webhook", "command", "print", "url", "add", "fix",
    ];

    /// <summary>Corpus files mutated by a generated list of edits: the edits shrink when a case fails.</summary>
    public static Gen<byte[]> Mutations(IReadOnlyList<byte[]> corpus, IReadOnlyList<string> tokens) =>
        Gen.Select(Gen.Int[0, corpus.Count - 1], Gen.Select(Gen.Int[0, 3], Gen.Double[0, 1], Gen.Int[0, tokens.Count - 1], Gen.Int[1, 40]).Array[0, 8])
            .Select(t => Mutate(corpus[t.Item1], t.Item2, tokens));

    private static byte[] Mutate(byte[] original, (int Kind, double At, int Token, int Length)[] edits, IReadOnlyList<string> tokens)
    {
        var bytes = new List<byte>(original);
        foreach (var (kind, at, token, length) in edits)
        {
            var position = (int)(at * bytes.Count);
            switch (kind)
            {
                case 0:
                    bytes.InsertRange(position, Encoding.UTF8.GetBytes(tokens[token]));
                    break;
                case 1:
                    bytes.RemoveRange(position, Math.Min(length, bytes.Count - position));
                    break;
                case 2 when position < bytes.Count:
                    bytes[position] ^= (byte)(1 << (length % 8));
                    break;
                default:
                    // Repeats a slice, as an indentation or a list item copied many times.
                    var slice = bytes.Skip(position).Take(length).ToArray();
                    for (var i = 0; i < token % 5; i++) bytes.InsertRange(position, slice);
                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>Shows bytes as text with escapes, for the failure message.</summary>
    public static string Show(byte[] bytes) =>
        string.Concat(Encoding.UTF8.GetString(bytes).Select(c => c is '\n' ? "\\n" : char.IsControl(c) || c > '~' ? $"\\u{(int)c:x4}" : c.ToString()));
}
