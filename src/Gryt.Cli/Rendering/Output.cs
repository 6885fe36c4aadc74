using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace Gryt.Cli.Rendering;

/// <summary>
/// Everything a command prints. Results go to stdout; notes, warnings and errors to stderr, so
/// that <c>--json</c> output and pipes stay clean. Spectre.Console is created only on a terminal.
/// </summary>
internal sealed class Output(CliEnvironment environment)
{
    private IAnsiConsole? _console;

    public bool Rich => environment.IsRich;

    private IAnsiConsole Console => _console ??= AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(environment.Out),
        Ansi = AnsiSupport.Yes,
        ColorSystem = ColorSystemSupport.Detect,
        Interactive = InteractionSupport.No,
    });

    public void Line(string text = "") => environment.Out.WriteLine(text);

    /// <summary>A line saying something was done (a check mark on a terminal).</summary>
    public void Done(string text)
    {
        if (Rich) Console.MarkupLineInterpolated($"[green]✓[/] {text}");
        else environment.Out.WriteLine(text);
    }

    /// <summary>Information about what gryt did on the side (e.g. an automatic sync): stderr.</summary>
    public void Note(string text) => environment.Err.WriteLine("gryt: " + text);

    public void Warn(string text) => environment.Err.WriteLine("gryt: warning: " + text);

    /// <summary>Says that a command synced an edited contract file before doing its work.</summary>
    public void Synced(Contracts.SyncResult? synced, Project.GrytProject project)
    {
        if (synced is { ChangedAnything: true }) Note($"{project.Shown(synced.FilePath)} was edited since the last sync; synced it into the database");
    }

    public void KeyValues(params (string Key, string? Value)[] pairs)
    {
        var width = pairs.Max(p => p.Key.Length) + 1;
        foreach (var (key, value) in pairs)
        {
            if (Rich) Console.MarkupLineInterpolated($"[bold]{(key + ":").PadRight(width)}[/] {value ?? "-"}");
            else environment.Out.WriteLine($"{(key + ":").PadRight(width)} {value ?? "-"}");
        }
    }

    public void Table(TableView view)
    {
        if (Rich)
        {
            var table = new Table().Border(view.Compact ? TableBorder.None : TableBorder.Rounded);
            for (var i = 0; i < view.Headers.Count; i++)
            {
                var column = new TableColumn(Markup.Escape(view.Headers[i]));
                if (view.NoWrap.Contains(i)) column.NoWrap();
                if (view.Compact) column.PadLeft(0).PadRight(i < view.Headers.Count - 1 ? 2 : 0);
                table.AddColumn(column);
            }

            foreach (var row in view.Rows)
            {
                table.AddRow(row.Select((cell, i) => view.Style?.Invoke(i, cell) is { } style
                    ? $"[{style}]{Markup.Escape(cell)}[/]"
                    : Markup.Escape(cell)).ToArray());
            }

            Console.Write(table);
            return;
        }

        WritePlainTable(environment.Out, view);
    }

    /// <summary>Aligned columns separated by two spaces; the last column is not padded.</summary>
    internal static void WritePlainTable(TextWriter writer, TableView view)
    {
        var widths = new int[view.Headers.Count];
        foreach (var row in view.Rows)
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }

        WritePlainTable(writer, view.Headers, widths, view.Rows, view.ShowHeader, view.Indent);
    }

    /// <summary>
    /// The plain table of <see cref="WritePlainTable(TextWriter, TableView)"/> written as the rows are
    /// enumerated, given each column's longest cell up front: a long list is never held whole. Written
    /// in pieces of <see cref="TableChunk"/> characters (stdout flushes on every write; one piece for most tables).
    /// </summary>
    internal static void WritePlainTable(
        TextWriter writer, IReadOnlyList<string> headers, IReadOnlyList<int> cellWidths, IEnumerable<IReadOnlyList<string>> rows, bool showHeader = true, int indent = 0)
    {
        var widths = new int[headers.Count];
        for (var i = 0; i < widths.Length; i++) widths[i] = Math.Max(headers[i].Length, i < cellWidths.Count ? cellWidths[i] : 0);
        var text = new StringBuilder(TableChunk + 1024);
        void Append(IReadOnlyList<string> cells)
        {
            var start = text.Length;
            text.Append(' ', indent);
            for (var i = 0; i < widths.Length; i++)
            {
                var cell = i < cells.Count ? cells[i] : "";
                text.Append(cell);
                // At least the two spaces, should a row have grown since the widths were read.
                if (i < widths.Length - 1) text.Append(' ', Math.Max(2, widths[i] - cell.Length + 2));
            }

            var end = text.Length;
            while (end > start && text[end - 1] == ' ') end--;
            text.Length = end;
            text.Append('\n');
        }

        if (showHeader) Append(headers);
        foreach (var row in rows)
        {
            Append(row);
            if (text.Length < TableChunk) continue;
            Write();
        }

        Write();

        void Write()
        {
            if (text.Length == 0) return;
            var chunk = System.Buffers.ArrayPool<char>.Shared.Rent(text.Length);
            text.CopyTo(0, chunk, 0, text.Length);
            writer.Write(chunk, 0, text.Length);
            System.Buffers.ArrayPool<char>.Shared.Return(chunk);
            text.Clear();
        }
    }

    private const int TableChunk = 32 * 1024;

    /// <summary>
    /// Writes the UTF-8 lines that <paramref name="produce"/> hands over, each followed by a newline,
    /// in pieces of <see cref="TableChunk"/> bytes: to stdout's bytes directly, else through <see cref="CliEnvironment.Out"/>.
    /// </summary>
    public void Utf8Lines(Action<Gryt.Storage.Utf8LineHandler> produce)
    {
        ArgumentNullException.ThrowIfNull(produce);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(TableChunk);
        var used = 0;
        try
        {
            produce(line =>
            {
                if (used + line.Length + 1 > buffer.Length) Write();
                if (line.Length + 1 > buffer.Length)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                    buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(line.Length + 1);
                }

                line.CopyTo(buffer.AsSpan(used));
                used += line.Length;
                buffer[used++] = (byte)'\n';
            });
            Write();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        void Write()
        {
            if (used == 0) return;
            if (environment.OutBytes is { } bytes)
            {
                environment.Out.Flush();
                bytes.Write(buffer, 0, used);
                bytes.Flush();
            }
            else
            {
                environment.Out.Write(Encoding.UTF8.GetString(buffer, 0, used));
            }

            used = 0;
        }
    }

    /// <summary>
    /// Writes one JSON document to stdout. It reaches stdout whenever the writer is flushed, so a
    /// long list flushes every <see cref="JsonChunk"/> bytes (<see cref="FlushIfFull"/>) instead of
    /// holding the whole document (and a string copy of it) in memory.
    /// </summary>
    public void Json(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (environment.OutBytes is { } bytes)
        {
            // Straight to stdout: JSON is UTF-8 already, no decoding into the writer and encoding again.
            environment.Out.Flush();
            // Not disposed when write throws: disposing would flush what is buffered of a failed document.
            var direct = new Utf8JsonWriter(bytes, JsonOptions);
            write(direct);
            direct.Dispose();
            environment.Out.WriteLine();
            return;
        }

        using var stream = new TextWriterStream(environment.Out);
        using (var writer = new Utf8JsonWriter(stream, JsonOptions))
        {
            try
            {
                write(writer);
            }
            catch
            {
                // What is still buffered of a failed document stays unwritten (disposing would flush it).
                stream.Discarding = true;
                throw;
            }
        }

        environment.Out.WriteLine();
    }

    public const int JsonChunk = 64 * 1024;

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Passes what <paramref name="writer"/> holds on to stdout once it holds <see cref="JsonChunk"/> bytes.</summary>
    public static void FlushIfFull(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.BytesPending >= JsonChunk) writer.Flush();
    }

    /// <summary>UTF-8 bytes to a text writer (a character split across two writes is kept for the next).</summary>
    private sealed class TextWriterStream(TextWriter target) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private char[] _chars = [];

        public bool Discarding { get; set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Discarding) return;
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (_chars.Length < needed) _chars = new char[needed];
            var written = _decoder.GetChars(buffer, _chars, flush: false);
            target.Write(_chars, 0, written);
        }

        public override void Flush()
        {
            if (!Discarding) target.Flush();
        }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    public static string Time(DateTimeOffset? at) =>
        at is null ? "-" : at.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary><see cref="Time(DateTimeOffset?)"/> of a stored UTC ISO-8601 text, without parsing it.</summary>
    public static string Time(string? iso) =>
        iso is { Length: >= 16 } && iso[10] == 'T' ? string.Concat(iso.AsSpan(0, 10), " ", iso.AsSpan(11, 5)) : iso ?? "-";


    /// <summary>Colour of a status word on a terminal.</summary>
    public static string? StatusStyle(string word) => word switch
    {
        "pass" or "proven" or "promoted" => "green",
        "fail" or "failed" or "revoked" => "red",
        "pending" or "running" or "draft" => "yellow",
        "interrupted" or "unproven" or "abandoned" => "grey",
        _ => null,
    };
}
