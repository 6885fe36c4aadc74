using CsCheck;
using Gryt.Contracts;

namespace Gryt.Cli.Tests.Fuzz;

/// <summary>The SemVer parser on any text: no exception but its own, and what it accepts round-trips and orders.</summary>
public sealed class SemanticVersionFuzzTests
{
    private static readonly string[] Pieces =
        ["v", "V", "0", "1", "01", "9", "999999999", "9999999999", "2147483648", ".", "-", "+", "rc", "alpha", "a", "0a", "..", " ", "\n", "\0", "é", "\u202e", "١", "x"];

    private static readonly Gen<string> Texts = Gen.OneOf(
        Gen.Int[0, Pieces.Length - 1].Array[0, 14].Select(p => string.Concat(p.Select(i => Pieces[i]))),
        Gen.String,
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 20], Gen.Int[0, 20], Gen.Int[0, 20], Gen.Int[0, Pieces.Length - 1].Array[0, 6])
            .Select(t => $"{(t.Item1 == 0 ? "v" : "")}{t.Item2}.{t.Item3}.{t.Item4}{string.Concat(t.Item5.Select(i => Pieces[i]))}"));

    public static TheoryData<string> CorpusLines()
    {
        var data = new TheoryData<string>();
        foreach (var line in File.ReadAllLines(Fuzzing.Corpus("semver.txt"))) data.Add(line);
        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusLines))]
    public void Every_corpus_version_parses_or_is_refused_cleanly(string text) => ParsesCleanly(text);

    [Fact]
    public void Any_text_parses_or_is_refused_cleanly()
    {
        Texts.Sample(ParsesCleanly, iter: Fuzzing.Iterations(2000), threads: 1, seed: Fuzzing.Seed);
    }

    [Fact]
    public void Precedence_is_a_total_order_that_the_sort_key_agrees_with()
    {
        string[] identifiers = ["0", "1", "2", "10", "99999999999999999999", "alpha", "beta", "rc", "a-b", "0a", "-", "Z"];
        var preRelease = Gen.Int[0, identifiers.Length - 1].Array[0, 3].Select(ids => ids.Length == 0 ? "" : "-" + string.Join('.', ids.Select(i => identifiers[i])));
        var versions = Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 2], preRelease, Gen.Bool)
            .Select(t => SemanticVersion.Parse($"v{t.Item1}.{t.Item2}.{t.Item3}{t.Item4}{(t.Item5 ? "+build.1" : "")}"));
        Gen.Select(versions, versions, versions).Sample((a, b, c) =>
        {
            Assert.Equal(Math.Sign(a.CompareTo(b)), -Math.Sign(b.CompareTo(a)));
            Assert.Equal(Math.Sign(a.CompareTo(b)), Math.Sign(string.CompareOrdinal(a.SortKey, b.SortKey)));
            if (a.CompareTo(b) <= 0 && b.CompareTo(c) <= 0) Assert.True(a.CompareTo(c) <= 0, $"{a} <= {b} <= {c}");
        }, iter: Fuzzing.Iterations(2000), threads: 1, seed: Fuzzing.Seed);
    }

    private static void ParsesCleanly(string text)
    {
        if (SemanticVersion.TryParse(text, out var version))
        {
            Assert.True(SemanticVersion.TryParse(version.ToString(), out var again), version.ToString());
            Assert.Equal(version, again);
            Assert.Equal(version.ToString(), SemanticVersion.Parse(text).ToString());
            return;
        }

        var error = Assert.Throws<InvalidInputException>(() => SemanticVersion.Parse(text));
        Assert.DoesNotContain('\n', error.Message);
    }
}
