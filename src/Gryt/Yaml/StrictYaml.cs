using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Gryt.Yaml;

/// <summary>
/// Reads gryt's YAML files strictly: every problem becomes an <see cref="InvalidFileException"/>
/// naming <c>file:line:column</c>. Files are walked as a node tree (not deserialised by
/// reflection) so that unknown keys, wrong types and duplicates point at the offending node.
/// </summary>
internal static partial class StrictYaml
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Loads the single document of <paramref name="path"/>; <paramref name="shownPath"/> is how errors name it.</summary>
    public static YamlNodeRef Load(string path, string shownPath)
    {
        byte[] bytes;
        try
        {
            bytes = ReadBounded(path);
        }
        catch (FileNotFoundException)
        {
            throw new NotFoundException($"{shownPath} does not exist");
        }
        catch (DirectoryNotFoundException)
        {
            throw new NotFoundException($"{shownPath} does not exist");
        }

        return Parse(bytes, shownPath);
    }

    /// <summary>Reads the file, but at most one byte more than <see cref="YamlBounds.MaxBytes"/>, so that a
    /// device such as /dev/zero or a huge file ends with the size error instead of filling memory.</summary>
    internal static byte[] ReadBounded(string path)
    {
        const int limit = YamlBounds.MaxBytes + 1;
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while (buffer.Length < limit && (read = file.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
        {
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>Parses one document within <see cref="YamlBounds"/>: size, nesting and aliases are limited.</summary>
    public static YamlNodeRef Parse(byte[] bytes, string shownPath)
    {
        YamlBounds.CheckSize(bytes.Length, shownPath);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            var (line, column) = Position(bytes, Math.Max(0, FirstInvalidUtf8(bytes)));
            throw new InvalidFileException(shownPath, line, column, "the file is not valid UTF-8");
        }

        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        YamlBounds.Check(text, shownPath);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InvalidFileException(shownPath, (int)ex.Start.Line, (int)ex.Start.Column, CleanMessage(ex));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException)
        {
            throw new InvalidFileException(shownPath, 1, 1, "invalid YAML: the file cannot be read");
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            throw new InvalidFileException(shownPath, 1, 1, "the file is empty");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new InvalidFileException(shownPath, (int)second.Line, (int)second.Column, "only one YAML document is allowed");
        }

        return new YamlNodeRef(shownPath, stream.Documents[0].RootNode, "the file");
    }

    internal static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain or ScalarStyle.Any } scalar
        && scalar.Tag.IsEmpty
        && (scalar.Value is null or "" or "~" or "null" or "Null" or "NULL");

    private static string CleanMessage(YamlException ex)
    {
        // YamlDotNet prefixes "(Line: 4, Col: 4, Idx: 40) - (Line: …): "; the position is ours to print.
        var message = PositionPrefix().Replace(ex.Message, "").Trim();
        if (message.Length == 0) message = "invalid YAML";
        if (message.Contains("Duplicate key", StringComparison.OrdinalIgnoreCase))
        {
            message = "duplicate key" + (ex.InnerException is ArgumentException ? "" : ": " + message);
        }

        return "invalid YAML: " + char.ToLowerInvariant(message[0]) + message[1..].TrimEnd('.');
    }

    /// <summary>The index of the first byte of the first invalid sequence (a stray continuation
    /// byte, a truncated sequence's lead byte, an overlong form), or the length when all is valid.</summary>
    private static int FirstInvalidUtf8(byte[] bytes)
    {
        var chars = new char[bytes.Length];
        var status = System.Text.Unicode.Utf8.ToUtf16(bytes, chars, out var read, out _, replaceInvalidSequences: false);
        return status == System.Buffers.OperationStatus.Done ? bytes.Length : read;
    }

    private static (int Line, int Column) Position(byte[] bytes, int index)
    {
        int line = 1, column = 1;
        for (var i = 0; i < index && i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*")]
    private static partial Regex PositionPrefix();
}

/// <summary>A node together with the file it came from, so that every check can report its position.</summary>
internal readonly struct YamlNodeRef(string file, YamlNode node, string what)
{
    public string File { get; } = file;
    public YamlNode Node { get; } = node;

    /// <summary>How messages name this node, e.g. <c>'title' of change 2</c>.</summary>
    public string What { get; } = what;

    public bool IsNull => StrictYaml.IsNull(Node);

    public InvalidFileException Error(string problem) =>
        new(File, (int)Node.Start.Line, (int)Node.Start.Column, problem);

    public YamlMap AsMap()
    {
        if (Node is YamlMappingNode mapping) return new YamlMap(this, mapping);
        throw Error($"{What} must be a mapping of keys to values, not {Describe(Node)}");
    }

    public IReadOnlyList<YamlNodeRef> AsList(string itemName)
    {
        if (Node is not YamlSequenceNode sequence)
        {
            throw Error($"{What} must be a list, not {Describe(Node)}" + (IsNull ? " (write [] for an empty list)" : ""));
        }

        var file = File;
        return sequence.Children.Select((child, i) => new YamlNodeRef(file, child, $"{itemName} {i + 1}")).ToList();
    }

    public string AsString()
    {
        if (Node is YamlScalarNode scalar && !IsNull) return scalar.Value ?? "";
        throw Error(IsNull ? $"{What} must not be empty" : $"{What} must be a string, not {Describe(Node)}");
    }

    public bool AsBool()
    {
        if (Node is YamlScalarNode { Value: { } value })
        {
            switch (value)
            {
                case "true" or "True" or "TRUE" or "yes" or "on": return true;
                case "false" or "False" or "FALSE" or "no" or "off": return false;
            }
        }

        throw Error($"{What} must be true or false, not {Describe(Node)}");
    }

    public long AsInteger(long min, long max)
    {
        if (Node is YamlScalarNode { Style: ScalarStyle.Plain, Value: { } value }
            && long.TryParse(value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            if (number < min || number > max) throw Error($"{What} must be between {min} and {max}, not {number}");
            return number;
        }

        throw Error($"{What} must be a whole number, not {Describe(Node)}");
    }

    internal static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        YamlScalarNode s when StrictYaml.IsNull(s) => "empty",
        YamlScalarNode s => $"'{SemanticVersion.Printable(s.Value ?? "")}'",
        _ => "an alias",
    };
}

/// <summary>A mapping whose keys are checked against the ones a format allows.</summary>
internal sealed class YamlMap
{
    private readonly YamlNodeRef _self;
    private readonly List<(string Key, YamlNode KeyNode, YamlNode Value)> _entries = [];

    public YamlMap(YamlNodeRef self, YamlMappingNode mapping)
    {
        _self = self;
        foreach (var (key, value) in mapping.Children)
        {
            var keyRef = new YamlNodeRef(self.File, key, "a key");
            if (key is not YamlScalarNode { Value: { } name } || keyRef.IsNull)
            {
                throw keyRef.Error($"keys of {self.What} must be plain words");
            }

            _entries.Add((name, key, value));
        }
    }

    /// <summary>Refuses any key not in <paramref name="allowed"/>, at the key's position.</summary>
    public YamlMap AllowOnly(params string[] allowed)
    {
        foreach (var (key, keyNode, _) in _entries)
        {
            if (Array.IndexOf(allowed, key) >= 0) continue;
            throw new YamlNodeRef(_self.File, keyNode, key).Error(
                $"unknown key '{SemanticVersion.Printable(key)}' in {_self.What} (allowed: {string.Join(", ", allowed)})");
        }

        return this;
    }

    public YamlNodeRef? Optional(string key)
    {
        foreach (var (name, _, value) in _entries)
        {
            if (name == key) return new YamlNodeRef(_self.File, value, $"'{key}' of {_self.What}");
        }

        return null;
    }

    public YamlNodeRef Required(string key) =>
        Optional(key) ?? throw _self.Error($"{_self.What} is missing the required key '{key}'");

    public string? OptionalString(string key)
    {
        var node = Optional(key);
        return node is null || node.Value.IsNull ? null : node.Value.AsString();
    }

    public IEnumerable<(string Key, YamlNodeRef Value)> Entries =>
        _entries.Select(e => (e.Key, new YamlNodeRef(_self.File, e.Value, $"'{e.Key}' of {_self.What}")));
}
