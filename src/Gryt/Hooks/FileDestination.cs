using System.Text.Json.Nodes;

namespace Gryt;

/// <summary>The file layouts of <see cref="FileDestination"/>.</summary>
public enum FileDestinationFormat
{
    /// <summary>One compact JSON document per line, appended (JSON Lines).</summary>
    Jsonl,

    /// <summary>The file is one JSON array of events, rewritten (atomically) with each new event.</summary>
    Json,
}

/// <summary>Records every event in a local file, creating its folder when needed.</summary>
public sealed class FileDestination : Destination
{
    // Events of parallel steps arrive concurrently; one writer at a time keeps lines whole.
    private static readonly System.Text.Json.JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private readonly Lock _gate = new();

    public FileDestination(string path, FileDestinationFormat format = FileDestinationFormat.Jsonl)
        : base("file")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        Format = format;
    }

    /// <summary>Absolute; a relative path given to the constructor is resolved against the current directory.</summary>
    public string Path { get; }

    public FileDestinationFormat Format { get; }

    public override Task<DeliveryResult> SendAsync(IReadOnlyDictionary<string, object?> payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        // Local file writes are short and synchronous, under one lock per destination.
        return Hooks.Delivery.RunAsync(this, Hooks.Delivery.DefaultTimeout, _ =>
        {
            lock (_gate)
            {
                if (System.IO.Path.GetDirectoryName(Path) is { Length: > 0 } folder)
                {
                    Directory.CreateDirectory(folder);
                }

                if (Format == FileDestinationFormat.Jsonl)
                {
                    var line = PlainJson.Serialize(payload);
                    using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
                    stream.Write(line);
                    stream.WriteByte((byte)'\n');
                }
                else
                {
                    AppendToArray(payload);
                }

                return Task.FromResult<string?>(null);
            }
        }, cancellationToken);
    }

    private void AppendToArray(IReadOnlyDictionary<string, object?> payload)
    {
        JsonArray events;
        if (File.Exists(Path) && new FileInfo(Path).Length > 0)
        {
            events = JsonNode.Parse(File.ReadAllBytes(Path)) as JsonArray
                ?? throw new InvalidOperationException($"{Path} does not hold a JSON array");
        }
        else
        {
            events = [];
        }

        events.Add(JsonNode.Parse(PlainJson.Serialize(payload)));
        var temporary = Path + ".tmp";
        File.WriteAllText(temporary, events.ToJsonString(IndentedJson) + "\n");
        File.Move(temporary, Path, overwrite: true);
    }
}
