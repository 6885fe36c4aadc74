using System.Text;
using Gryt.Tests.TestSupport;
using Xunit.Abstractions;

namespace Gryt.Tests.Architecture;

/// <summary>
/// The library's folders depend one way, down the layer diagram in docs/development.md
/// (its fenced <c>layers</c> block: one layer a line, top first; a folder may use folders on its
/// own line or below, never above, and never in a cycle).
/// Slow: compiling the library with Roslyn takes seconds; run alone with
/// <c>dotnet test src/Gryt.Tests --filter FullyQualifiedName~LayerTests</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed class LayerTests(ITestOutputHelper output)
{
    private static readonly Lazy<FolderGraph> Graph = new(() => FolderGraph.Of(Path.Combine(RepositoryRoot(), "src", "Gryt")));

    [Fact]
    public void The_graph_is_built_from_a_library_that_compiles()
    {
        // An unresolved name would hide an edge.
        Assert.True(Graph.Value.Errors.Count == 0,
            string.Join('\n', Graph.Value.Errors.Take(20).Select(e => e.ToString())));
    }

    [Fact]
    public void Every_library_folder_is_in_the_layer_diagram_and_nothing_else_is()
    {
        var listed = Layers().SelectMany(layer => layer).ToHashSet(StringComparer.Ordinal);
        Assert.Empty(Graph.Value.Folders.Except(listed).Order(StringComparer.Ordinal));
        Assert.Empty(listed.Except(Graph.Value.Folders).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void No_folders_depend_on_each_other_in_a_cycle()
    {
        var graph = Graph.Value;
        var report = new StringBuilder();
        foreach (var cycle in graph.Cycles())
        {
            report.AppendLine("cycle: " + string.Join(", ", cycle));
            foreach (var edge in graph.Edges.Values.Where(e => cycle.Contains(e.From) && cycle.Contains(e.To)).OrderBy(e => (e.From, e.To)))
                report.AppendLine(Describe(edge));
        }
        Assert.True(report.Length == 0, report.ToString());
    }

    [Fact]
    public void No_folder_uses_a_folder_of_a_higher_layer()
    {
        var layerOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var layers = Layers();
        for (var i = 0; i < layers.Count; i++)
            foreach (var folder in layers[i]) layerOf[folder] = i;

        var upward = Graph.Value.Edges.Values
            .Where(e => layerOf.TryGetValue(e.From, out var from) && layerOf.TryGetValue(e.To, out var to) && to < from)
            .OrderBy(e => (e.From, e.To))
            .Select(Describe)
            .ToList();
        Assert.True(upward.Count == 0, "upward edges:\n" + string.Join('\n', upward));
    }

    [Fact]
    public void The_graph_sees_references_that_the_root_namespace_hides_and_counts_members_where_written()
    {
        var edges = Graph.Value.Edges;
        foreach (var edge in Graph.Value.Details.OrderBy(e => (e.From, e.To, e.Type))) output.WriteLine(Describe(edge));

        // Pipeline and Step are both in namespace Gryt, in Pipelines/ and Steps/.
        Assert.Contains(("Pipelines", "Steps"), edges.Keys);
        // Generation (Contracts/) has its Promote part in Promotion/: using the record is no edge to Promotion.
        Assert.Contains(("Evolutions", "Contracts"), edges.Keys);
        Assert.DoesNotContain(("Evolutions", "Promotion"), edges.Keys);
    }

    [Fact]
    public void A_cycle_between_two_folders_is_found()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "A"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "B"));
        File.WriteAllText(Path.Combine(temp.Path, "A", "X.cs"), "namespace T; internal sealed class X { public Y? Other { get; set; } }");
        File.WriteAllText(Path.Combine(temp.Path, "B", "Y.cs"), "namespace T; internal sealed class Y { public X? Other { get; set; } }");
        File.WriteAllText(Path.Combine(temp.Path, "Z.cs"), "namespace T; internal static class Z { public static int Count(Y y) => y.Other is null ? 0 : 1; }");

        var graph = FolderGraph.Of(temp.Path);

        Assert.Empty(graph.Errors);
        Assert.Equal(["A", "B"], Assert.Single(graph.Cycles()));
        Assert.Equal("Z.cs:1", graph.Edges[(FolderGraph.Root, "B")].Example);
        Assert.DoesNotContain((FolderGraph.Root, "A"), graph.Edges.Keys);
    }

    private static string Describe(FolderGraph.Edge edge) =>
        $"  {edge.From} -> {edge.To}  ({edge.Type}, e.g. src/Gryt/{edge.Example})";

    /// <summary>The <c>layers</c> block of docs/development.md: one layer a line, top first; '#' starts a comment.</summary>
    private static List<string[]> Layers()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot(), "docs", "development.md"));
        var start = Array.FindIndex(lines, line => line.Trim() == "```layers");
        Assert.True(start >= 0, "docs/development.md has no ```layers block");
        return lines.Skip(start + 1)
            .TakeWhile(line => line.Trim() != "```")
            .Select(line => line.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Where(words => words.Length > 0)
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Gryt.slnx not found above " + AppContext.BaseDirectory);
    }
}
