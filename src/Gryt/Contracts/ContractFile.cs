using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Gryt.Yaml;

namespace Gryt.Contracts;

/// <summary>A change as declared in a generation file.</summary>
internal sealed record ChangeDefinition(string Id, ChangeType Type, string Title, string? Description, string? Pipeline);

/// <summary>The content of <c>.gryt/generations/VERSION.yaml</c>, validated.</summary>
internal sealed record ContractDefinition(
    string Version,
    string? Description,
    IReadOnlyList<ChangeDefinition> Changes,
    string? PipelineTemplate,
    string Sha256)
{
    /// <summary>Prefix of the generation's git tags (monorepos), empty by default.</summary>
    public string TagPrefix { get; init; } = "";
}

/// <summary>
/// Reads and writes generation files. Reading is strict (SPEC §2): unknown keys, wrong types,
/// duplicate ids, bad or mismatched versions and over-long titles are refused with
/// <c>file:line:column</c>.
/// </summary>
internal static partial class ContractFile
{
    public const int MaxTitleLength = 200;

    private static readonly string[] TopKeys = ["version", "description", "changes", "pipeline_template", "tag_prefix"];
    private static readonly string[] ChangeKeys = ["type", "id", "title", "description", "pipeline"];

    /// <summary>Loads the file for <paramref name="expectedVersion"/>; <paramref name="shownPath"/> is how errors name it.</summary>
    public static ContractDefinition Load(string path, string shownPath, SemanticVersion expectedVersion)
    {
        byte[] bytes;
        try
        {
            bytes = StrictYaml.ReadBounded(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new NotFoundException($"{shownPath} does not exist", $"create it with: gryt generation new {expectedVersion}");
        }

        return Parse(bytes, shownPath, expectedVersion);
    }

    public static ContractDefinition Parse(byte[] bytes, string shownPath, SemanticVersion expectedVersion)
    {
        var root = StrictYaml.Parse(bytes, shownPath).AsMap().AllowOnly(TopKeys);

        var versionNode = root.Required("version");
        var versionText = versionNode.AsString();
        if (!SemanticVersion.TryParse(versionText, out var version))
        {
            throw versionNode.Error($"version '{SemanticVersion.Printable(versionText)}' is not a semantic version (e.g. v2.1.0)");
        }

        if (version != expectedVersion)
        {
            throw versionNode.Error($"version {version} does not match the file name, which names {expectedVersion}");
        }

        var description = Description(root);
        var template = root.Optional("pipeline_template") is { IsNull: false } templateNode
            ? PipelineName(templateNode)
            : null;

        var changes = new List<ChangeDefinition>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var item in root.Required("changes").AsList("change"))
        {
            var map = item.AsMap();
            ChangeType type = default;
            YamlNodeRef titleNode;
            YamlNodeRef idNode;
            string id;
            var shortWord = map.Entries.Select(e => e.Key).FirstOrDefault(key => ChangeTypes.TryParse(key, out type));
            if (shortWord is not null)
            {
                // The guide's shorthand, `- add: Stripe integration`: the key is the type, the value the
                // title, and the id (unless given) is derived from both.
                map.AllowOnly(shortWord, "id", "description", "pipeline");
                titleNode = map.Required(shortWord);
                idNode = map.Optional("id") ?? titleNode;
                id = map.Optional("id") is { } givenId ? givenId.AsString() : ShorthandId(type, titleNode.AsString());
            }
            else
            {
                map.AllowOnly(ChangeKeys);
                var typeNode = map.Required("type");
                var typeWord = typeNode.AsString();
                if (!ChangeTypes.TryParse(typeWord, out type))
                {
                    throw typeNode.Error($"change type '{SemanticVersion.Printable(typeWord)}' is not one of: {string.Join(", ", ChangeTypes.Words)}");
                }

                idNode = map.Required("id");
                id = idNode.AsString();
                titleNode = map.Required("title");
            }

            if (!ChangeIdPattern().IsMatch(id))
            {
                throw idNode.Error($"change id '{SemanticVersion.Printable(id)}' is not valid: use letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters");
            }

            if (seen.TryGetValue(id, out var firstLine))
            {
                throw idNode.Error($"duplicate change id '{id}' (first declared on line {firstLine})");
            }

            seen[id] = (int)idNode.Node.Start.Line;

            var title = titleNode.AsString();
            if (title.Trim().Length == 0) throw titleNode.Error($"the title of change {id} must not be empty");
            if (title.Contains('\n') || title.Contains('\r') || title.Contains('\u2028') || title.Contains('\u2029')) throw titleNode.Error($"the title of change {id} must be one line");
            // Titles are printed to terminals: an escape sequence or a bidi override must not reach them.
            if (DisplayText.FirstUnsafe(title) is { } bad) throw titleNode.Error($"the title of change {id} contains a control character ({bad})");
            if (title.Length > MaxTitleLength) throw titleNode.Error($"the title of change {id} is {title.Length} characters; at most {MaxTitleLength} are allowed");

            var changeDescription = Description(map);
            var pipeline = map.Optional("pipeline") is { IsNull: false } pipelineNode ? PipelineName(pipelineNode) : null;
            changes.Add(new ChangeDefinition(id, type, title, changeDescription, pipeline));
        }

        var tagPrefix = "";
        if (root.Optional("tag_prefix") is { IsNull: false } prefixNode)
        {
            tagPrefix = prefixNode.AsString();
            if (!TagPrefixPattern().IsMatch(tagPrefix) || tagPrefix.Contains("..", StringComparison.Ordinal) || tagPrefix.Contains("//", StringComparison.Ordinal))
            {
                throw prefixNode.Error($"tag_prefix '{SemanticVersion.Printable(tagPrefix)}' is not usable in a git tag: use letters, digits, '.', '_', '-' and '/', e.g. api/");
            }
        }

        return new ContractDefinition(version.ToString(), description, changes, template, Sha256(bytes)) { TagPrefix = tagPrefix };
    }

    /// <summary>
    /// The id of a shorthand change (<c>- add: Stripe integration</c> is <c>add-stripe-integration</c>):
    /// the type word, then the title's ASCII letters and digits in lower case, every run of other
    /// characters turned into one '-', cut to 64 characters. A title with no ASCII letter or digit
    /// gets the first 8 hex digits of its SHA-256 instead. Editing the title changes the id; an
    /// <c>id:</c> key beside the shorthand fixes it. (gryt runs with invariant globalization, so
    /// accents are not folded: <c>Café</c> gives <c>caf</c>.)
    /// </summary>
    public static string ShorthandId(ChangeType type, string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var slug = new StringBuilder();
        foreach (var ch in title.ToLowerInvariant())
        {
            if (ch is (>= 'a' and <= 'z') or (>= '0' and <= '9')) slug.Append(ch);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }

        var words = slug.ToString().Trim('-');
        if (words.Length == 0) words = Sha256(Encoding.UTF8.GetBytes(title))[..8];
        var id = type.ToWord() + "-" + words;
        return id.Length <= 64 ? id : id[..64].TrimEnd('-');
    }

    /// <summary>The file a new generation starts from: no changes yet, and a commented example.</summary>
    public static string NewFileText(SemanticVersion version, string? description)
    {
        var text = new StringBuilder();
        text.Append("# Release contract for ").Append(version).Append(": the changes this version MUST contain.\n");
        text.Append("# Each change: type (add | fix | refine | remove), id, title; optional description and pipeline.\n");
        text.Append("# After editing, sync it with: gryt generation update ").Append(version).Append('\n');
        text.Append("version: ").Append(version).Append('\n');
        if (description is not null) text.Append("description: ").Append(Quote(description)).Append('\n');
        text.Append("changes: []\n");
        text.Append("# changes:\n");
        text.Append("#   - type: add\n");
        text.Append("#     id: FEAT-101\n");
        text.Append("#     title: \"Stripe Connect support\"\n");
        text.Append("# pipeline_template: release-pipeline\n");
        return text.ToString();
    }

    public static string Sha256(byte[] bytes) => Gryt.Sha256.Of(bytes);

    /// <summary>A YAML double-quoted scalar that round-trips any string.</summary>
    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var ch in value)
        {
            switch (ch)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default:
                    if (char.IsControl(ch)) text.Append("\\x").Append(((int)ch).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
                    else text.Append(ch);
                    break;
            }
        }

        return text.Append('"').ToString();
    }

    /// <summary>A description may span lines, but holds no other control character nor a bidi control.</summary>
    private static string? Description(YamlMap map)
    {
        var description = map.OptionalString("description");
        if (description is not null && DisplayText.FirstUnsafe(description, allowLineBreaks: true) is { } bad)
        {
            throw map.Required("description").Error($"the description contains a control character ({bad})");
        }

        return description;
    }

    private static string PipelineName(YamlNodeRef node)
    {
        var name = node.AsString();
        if (!PipelineNamePattern().IsMatch(name) || name.Contains("..", StringComparison.Ordinal))
        {
            throw node.Error($"pipeline '{SemanticVersion.Printable(name)}' is not a pipeline name: use letters, digits, '.', '_' and '-' (a file in .gryt/pipelines/)");
        }

        return name;
    }

    // \z, not $: $ also matches before a final line break, which would let "X-1\n" through.
    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z", RegexOptions.CultureInvariant)]
    internal static partial Regex ChangeIdPattern();

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}\z", RegexOptions.CultureInvariant)]
    private static partial Regex PipelineNamePattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex TagPrefixPattern();
}
