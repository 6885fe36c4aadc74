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

        var widths = new int[view.Headers.Count];
        for (var i = 0; i < widths.Length; i++) widths[i] = view.Headers[i].Length;
        foreach (var row in view.Rows)
        {
            for (var i = 0; i < widths.Length && i < row.Length; i++) widths[i] = Math.Max(widths[i], row[i].Length);
        }

        using var plain = PlainTable(widths, view.Indent);
        if (view.ShowHeader) plain.Row(view.Headers);
        foreach (var row in view.Rows) plain.Row(row);
    }

    /// <summary>A plain table to stdout (see <see cref="Rendering.PlainTable"/>); <paramref name="widths"/> include the headers'.</summary>
    public PlainTable PlainTable(int[] widths, int indent = 0) => new(widths, Utf8, indent);

    /// <summary>UTF-8 text to stdout: its bytes directly, else through <see cref="CliEnvironment.Out"/>.</summary>
    private void Utf8(ReadOnlySpan<byte> text)
    {
        if (environment.OutBytes is { } bytes)
        {
            environment.Out.Flush();
            bytes.Write(text);
            bytes.Flush();
        }
        else
        {
            environment.Out.Write(Encoding.UTF8.GetString(text));
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

    /// <summary>
    /// <see cref="Time(string?)"/> of a stored time's UTF-8 text, cut into <paramref name="into"/> (16 bytes)
    /// without a string where the text is ASCII, as gryt writes it.
    /// </summary>
    public static ReadOnlySpan<byte> Time(ReadOnlySpan<byte> iso, Span<byte> into)
    {
        if (!Ascii.IsValid(iso[..Math.Min(16, iso.Length)])) return Encoding.UTF8.GetBytes(Time(Encoding.UTF8.GetString(iso)));
        if (iso.Length < 16 || iso[10] != (byte)'T') return iso;
        iso[..10].CopyTo(into);
        into[10] = (byte)' ';
        iso.Slice(11, 5).CopyTo(into[11..]);
        return into[..16];
    }


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
