using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Gryt.Tests.Architecture;

/// <summary>
/// Which top-level folders of src/Gryt use types declared in which others. Counted by the folder
/// of the file that declares a type, not by namespace: the root namespace hides edges otherwise.
/// </summary>
internal sealed class FolderGraph
{
    public const string Root = "root";

    /// <summary>One reference from a file in <see cref="From"/> to a type declared in <see cref="To"/>.</summary>
    public sealed record Edge(string From, string To, string Type, string Example);

    public required IReadOnlySet<string> Folders { get; init; }
    public required IReadOnlyDictionary<(string From, string To), Edge> Edges { get; init; }
    public required IReadOnlyList<Diagnostic> Errors { get; init; }

    /// <summary>Every referenced type of each edge, with one example each.</summary>
    public required IReadOnlyList<Edge> Details { get; init; }

    public static FolderGraph Of(string libraryFolder)
    {
        var files = Directory.EnumerateFiles(libraryFolder, "*.cs", SearchOption.AllDirectories)
            .Where(path => Compiled(Path.GetRelativePath(libraryFolder, path)))
            .OrderBy(path => path, StringComparer.Ordinal)
            .ToList();
        var trees = files
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), Options, path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, Options, "ImplicitUsings.g.cs"))
            .ToList();
        var pack = ReferencePack();
        Compilation compilation = CSharpCompilation.Create("Gryt", trees, References(pack),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        // The regex and JSON source generators, as the SDK runs them, so that every name binds.
        var generators = new[] { "System.Text.Json.SourceGeneration.dll", "System.Text.RegularExpressions.Generator.dll" }
            .SelectMany(name => new AnalyzerFileReference(Path.Combine(pack, "analyzers", "dotnet", "cs", name), AnalyzerLoader.Instance).GetGenerators(LanguageNames.CSharp))
            .ToArray();
        CSharpGeneratorDriver.Create(generators, parseOptions: Options).RunGeneratorsAndUpdateCompilation(compilation, out compilation, out _);

        var edges = new Dictionary<(string, string), Edge>();
        var details = new Dictionary<(string, string, string), Edge>();
        foreach (var tree in trees.Where(t => t.FilePath != "ImplicitUsings.g.cs"))
        {
            var from = FolderOf(libraryFolder, tree.FilePath)!;
            var model = compilation.GetSemanticModel(tree);
            foreach (var name in tree.GetRoot().DescendantNodes().OfType<SimpleNameSyntax>())
            {
                var info = model.GetSymbolInfo(name);
                var symbol = info.Symbol ?? info.CandidateSymbols.FirstOrDefault();
                if (TypeOf(symbol) is not { } type) continue;
                foreach (var declaration in Declarations(symbol!))
                {
                    if (FolderOf(libraryFolder, declaration.SyntaxTree.FilePath) is not { } to) continue;
                    if (to == from || details.ContainsKey((from, to, type.ToDisplayString()))) continue;
                    var line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    var edge = new Edge(from, to, type.ToDisplayString(), $"{Path.GetRelativePath(libraryFolder, tree.FilePath)}:{line}");
                    details[(from, to, edge.Type)] = edge;
                    edges.TryAdd((from, to), edge);
                }
            }
        }

        var folders = files.Select(f => FolderOf(libraryFolder, f)!).ToHashSet(StringComparer.Ordinal);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return new FolderGraph { Folders = folders, Edges = edges, Errors = errors, Details = [.. details.Values] };
    }

    /// <summary>Groups of folders that reach each other (strongly connected, more than one folder).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var successors = Folders.ToDictionary(f => f, f => Edges.Keys.Where(e => e.From == f).Select(e => e.To).ToList());
        var index = new Dictionary<string, int>();
        var low = new Dictionary<string, int>();
        var stack = new Stack<string>();
        var onStack = new HashSet<string>();
        var result = new List<IReadOnlyList<string>>();
        var counter = 0;

        void Visit(string v)
        {
            index[v] = low[v] = counter++;
            stack.Push(v);
            onStack.Add(v);
            foreach (var w in successors.GetValueOrDefault(v) ?? [])
            {
                if (!index.TryGetValue(w, out var seen)) { Visit(w); low[v] = Math.Min(low[v], low[w]); }
                else if (onStack.Contains(w)) low[v] = Math.Min(low[v], seen);
            }
            if (low[v] != index[v]) return;
            var component = new List<string>();
            string x;
            do { x = stack.Pop(); onStack.Remove(x); component.Add(x); } while (x != v);
            if (component.Count > 1) result.Add(component.Order(StringComparer.Ordinal).ToList());
        }

        foreach (var folder in Folders.Order(StringComparer.Ordinal))
            if (!index.ContainsKey(folder)) Visit(folder);
        return result;
    }

    private static readonly CSharpParseOptions Options = new(LanguageVersion.Preview);

    // What <ImplicitUsings> gives a Microsoft.NET.Sdk library.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    // Template content (gryt new's files) is embedded, never compiled.
    private static bool Compiled(string relative)
    {
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return !parts.Contains("bin") && !parts.Contains("obj") && !parts.Contains("Content");
    }

    /// <summary>The top-level folder of a library file; null for generated code (not under the library folder).</summary>
    private static string? FolderOf(string libraryFolder, string path)
    {
        if (!Path.IsPathRooted(path)) return null;
        var relative = Path.GetRelativePath(libraryFolder, path);
        if (relative.StartsWith("..", StringComparison.Ordinal)) return null;
        var parts = relative.Split(Path.DirectorySeparatorChar);
        return parts.Length == 1 ? Root : parts[0];
    }

    /// <summary>
    /// Where a referenced symbol is written. A member counts in the file that declares it, so a
    /// partial type may keep a use case beside the layer it calls (Generation.Promote in Promotion/);
    /// the type itself counts in its own file (<c>Generation.cs</c>).
    /// </summary>
    private static IEnumerable<SyntaxReference> Declarations(ISymbol symbol) => symbol switch
    {
        INamedTypeSymbol type => Primary(type.OriginalDefinition),
        IMethodSymbol { ReducedFrom: { } extension } => extension.DeclaringSyntaxReferences,
        _ when symbol.OriginalDefinition.DeclaringSyntaxReferences is { Length: > 0 } written => written,
        _ => Primary(symbol.ContainingType.OriginalDefinition),
    };

    private static IEnumerable<SyntaxReference> Primary(INamedTypeSymbol type)
    {
        var all = type.DeclaringSyntaxReferences;
        var own = all.Where(r => Path.GetFileNameWithoutExtension(r.SyntaxTree.FilePath) == type.Name).ToList();
        return own.Count > 0 ? own : all;
    }

    private static INamedTypeSymbol? TypeOf(ISymbol? symbol) => symbol switch
    {
        INamedTypeSymbol type => type.OriginalDefinition,
        IMethodSymbol { ReducedFrom: { } extension } => extension.ContainingType,
        IMethodSymbol or IPropertySymbol or IFieldSymbol or IEventSymbol => symbol.ContainingType?.OriginalDefinition,
        _ => null,
    };

    /// <summary>The SDK's Microsoft.NETCore.App.Ref pack of the running framework's major version.</summary>
    private static string ReferencePack()
    {
        var runtime = new DirectoryInfo(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory());
        var dotnetRoot = runtime.Parent!.Parent!.Parent!.FullName;
        var major = Environment.Version.Major + ".";
        return Directory.GetDirectories(Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref"), major + "*")
            .OrderBy(dir => Version.Parse(Path.GetFileName(dir).Split('-')[0]))
            .Last();
    }

    // The framework's reference assemblies and the library's packages (beside this test's own assembly).
    private static List<MetadataReference> References(string pack)
    {
        var framework = Directory.GetFiles(Path.Combine(pack, "ref", $"net{Environment.Version.Major}.0"), "*.dll");
        var frameworkNames = framework.Select(Path.GetFileNameWithoutExtension).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var packages = typeof(GrytException).Assembly.GetReferencedAssemblies()
            .Where(name => !frameworkNames.Contains(name.Name!))
            .Select(name => Path.Combine(AppContext.BaseDirectory, name.Name + ".dll"));
        return framework.Concat(packages).Select(path => (MetadataReference)MetadataReference.CreateFromFile(path)).ToList();
    }

    private sealed class AnalyzerLoader : IAnalyzerAssemblyLoader
    {
        public static readonly AnalyzerLoader Instance = new();
        public void AddDependencyLocation(string fullPath) { }
        public System.Reflection.Assembly LoadFromPath(string fullPath) => System.Reflection.Assembly.LoadFrom(fullPath);
    }
}
