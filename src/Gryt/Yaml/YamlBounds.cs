using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Gryt.Yaml;

/// <summary>
/// The limits every gryt YAML file is held to before it is turned into a node tree. The tree
/// shares an aliased node instead of copying it, but every walk over it (and YamlDotNet's own
/// recursive loading) pays for the expansion: nine nested aliases of ten ("billion laughs")
/// make 10⁹ nodes from a few hundred bytes, a self-referencing alias makes a cycle, and deep
/// nesting overflows the stack, which no catch survives. The events are checked first, in one
/// pass with constant stack, so the tree is only built from a file within these limits.
/// </summary>
internal static class YamlBounds
{
    /// <summary>The largest file read, in bytes.</summary>
    public const int MaxBytes = 1024 * 1024;

    /// <summary>The deepest nesting of mappings and lists, counted with aliases expanded.</summary>
    public const int MaxDepth = 64;

    /// <summary>The most nodes that all aliases of a file together may stand for.</summary>
    public const long MaxAliasedNodes = 100_000;

    /// <summary>Refuses a file over <see cref="MaxBytes"/>, before it is read or decoded.</summary>
    public static void CheckSize(long byteCount, string shownPath)
    {
        if (byteCount > MaxBytes)
        {
            throw new InvalidFileException(shownPath, 1, 1,
                $"the file is larger than {MaxBytes} bytes (1 MiB), the most gryt reads from a YAML file");
        }
    }

    /// <summary>Throws an <see cref="InvalidFileException"/> at the first place the text passes a limit of nesting or aliases.</summary>
    public static void Check(string text, string shownPath)
    {
        var parser = new Parser(new StringReader(text));
        var open = new List<Frame>();
        var anchors = new Dictionary<AnchorName, (long Nodes, int Height)>();
        long aliased = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        anchors.Clear();
                        break;
                    case MappingStart or SequenceStart:
                        var start = (NodeEvent)parser.Current;
                        if (open.Count + 1 > MaxDepth)
                        {
                            throw Error(shownPath, start.Start, $"the file nests mappings and lists more than {MaxDepth} levels deep");
                        }

                        open.Add(new Frame(start.Anchor));
                        break;
                    case MappingEnd or SequenceEnd:
                        var done = open[^1];
                        open.RemoveAt(open.Count - 1);
                        Close(done.Anchor, done.Nodes, done.Height + 1);
                        break;
                    case Scalar scalar:
                        Close(scalar.Anchor, 1, 0);
                        break;
                    case AnchorAlias alias:
                        if (open.Exists(f => f.Anchor == alias.Value))
                        {
                            throw Error(shownPath, alias.Start, $"alias *{alias.Value} refers to a node that contains it");
                        }

                        if (!anchors.TryGetValue(alias.Value, out var target))
                        {
                            throw Error(shownPath, alias.Start, $"alias *{alias.Value} refers to no anchor &{alias.Value} before it");
                        }

                        if (open.Count + target.Height > MaxDepth)
                        {
                            throw Error(shownPath, alias.Start, $"alias *{alias.Value} nests mappings and lists more than {MaxDepth} levels deep");
                        }

                        aliased += target.Nodes;
                        if (aliased > MaxAliasedNodes)
                        {
                            throw Error(shownPath, alias.Start,
                                $"the aliases of the file stand for more than {MaxAliasedNodes} values; write the values out instead of nesting aliases");
                        }

                        Close(AnchorName.Empty, target.Nodes, target.Height);
                        break;
                }
            }
        }
        catch (YamlException)
        {
            // Syntax errors are reported by the loader that follows, with its wording.
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet gives up this way on some malformed input, such as a tag that is not a URI (found by the fuzz tests).
            var at = parser.Current?.End ?? Mark.Empty;
            throw new InvalidFileException(shownPath, Math.Max(1, (int)at.Line), Math.Max(1, (int)at.Column),
                "invalid YAML: the file cannot be read after this point");
        }

        void Close(AnchorName anchor, long nodes, int height)
        {
            if (!anchor.IsEmpty) anchors[anchor] = (nodes, height);
            if (open.Count == 0) return;
            var parent = open[^1];
            parent.Nodes += nodes;
            parent.Height = Math.Max(parent.Height, height);
        }
    }

    private static InvalidFileException Error(string shownPath, Mark at, string problem) =>
        new(shownPath, (int)at.Line, (int)at.Column, problem);

    private sealed class Frame(AnchorName anchor)
    {
        public AnchorName Anchor { get; } = anchor;

        /// <summary>This node and everything under it, aliases expanded.</summary>
        public long Nodes { get; set; } = 1;

        /// <summary>Nesting levels below this one.</summary>
        public int Height { get; set; }
    }
}
