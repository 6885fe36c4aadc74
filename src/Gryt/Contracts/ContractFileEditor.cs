using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gryt.Contracts;

/// <summary>
/// Edits a generation file in place the way a person would: only the <c>pipeline:</c> value of
/// one change is set or added, so comments, quoting and layout elsewhere stay as they were.
/// </summary>
internal static class ContractFileEditor
{
    /// <summary>Returns the file text with change <paramref name="changeId"/> linked to <paramref name="pipeline"/>.</summary>
    public static string SetPipeline(string text, string changeId, string pipeline)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        var changes = (YamlSequenceNode)root.Children[new YamlScalarNode("changes")];
        foreach (var item in changes.Children.OfType<YamlMappingNode>())
        {
            var id = item.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "id" });
            if (id.Value is null)
            {
                // The shorthand `- add: Stripe integration` (ContractFile.ShorthandId): its id comes from type and title.
                id = item.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: { } word } && ChangeTypes.TryParse(word, out _));
                if (id.Key is not YamlScalarNode { Value: { } word } || id.Value is not YamlScalarNode { Value: { } title }
                    || !ChangeTypes.TryParse(word, out var type) || ContractFile.ShorthandId(type, title) != changeId)
                {
                    continue;
                }
            }
            else if (id.Value is not YamlScalarNode { Value: { } value } || value != changeId)
            {
                continue;
            }

            var idValue = id.Value;

            var existing = item.Children.FirstOrDefault(e => e.Key is YamlScalarNode { Value: "pipeline" });
            if (existing.Value is not null)
            {
                return Replace(text, (int)existing.Value.Start.Index, (int)existing.Value.End.Index, pipeline);
            }

            if (item.Style == YamlDotNet.Core.Events.MappingStyle.Flow)
            {
                // Right after the last value, so the spacing before the closing brace is kept.
                return text.Insert((int)item.Children.Last().Value.End.Index, $", pipeline: {pipeline}");
            }

            var lineEnd = text.IndexOf('\n', (int)idValue.End.Index);
            var insertAt = lineEnd < 0 ? text.Length : lineEnd;
            var indent = new string(' ', (int)id.Key.Start.Column - 1);
            var newline = lineEnd > 0 && text[lineEnd - 1] == '\r' ? "\r\n" : "\n";
            if (lineEnd > 0 && newline == "\r\n") insertAt--;
            return text.Insert(insertAt, $"{newline}{indent}pipeline: {pipeline}");
        }

        throw new NotFoundException($"change {changeId} is not in the file");
    }

    private static string Replace(string text, int start, int end, string value) =>
        new StringBuilder(text).Remove(start, end - start).Insert(start, value).ToString();
}
