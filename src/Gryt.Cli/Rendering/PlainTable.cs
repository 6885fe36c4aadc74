using System.Buffers;
using System.Globalization;
using System.Text;

namespace Gryt.Cli.Rendering;

/// <summary>Receives UTF-8 text, valid only during the call.</summary>
internal delegate void Utf8Handler(ReadOnlySpan<byte> utf8);

/// <summary>
/// The plain table of every command: aligned columns two spaces apart (at least two, should a cell
/// be wider than its column), the last column not padded, trailing spaces trimmed. Built as UTF-8
/// and handed to <c>write</c> in pieces of whole lines, about <see cref="Chunk"/> bytes each (stdout
/// flushes on every write; one piece for most tables). A cell's width is its length in UTF-16 code
/// units, as <see cref="string.Length"/> counts.
/// </summary>
internal sealed class PlainTable : IDisposable
{
    public const int Chunk = 32 * 1024;

    private readonly int[] _widths;
    private readonly Utf8Handler _write;
    private readonly int _indent;
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(Chunk + 1024);
    private int _used;
    private int _lineStart;
    private int _column;

    /// <param name="widths">Each column's widest cell, header included.</param>
    /// <param name="write">Where the lines go.</param>
    /// <param name="indent">Spaces before every row.</param>
    public PlainTable(int[] widths, Utf8Handler write, int indent = 0)
    {
        _widths = widths;
        _write = write;
        _indent = indent;
    }

    /// <summary>The width of <paramref name="utf8"/> as a string's length: a character of four bytes counts two.</summary>
    public static int Width(ReadOnlySpan<byte> utf8)
    {
        var width = 0;
        foreach (var b in utf8)
        {
            if ((b & 0xC0) != 0x80) width++;
            if (b >= 0xF0) width++;
        }

        return width;
    }

    /// <summary>The width of <paramref name="value"/> written as a cell.</summary>
    public static int Width(int value)
    {
        Span<byte> digits = stackalloc byte[11];
        return Format(value, digits);
    }

    public void Cell(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var room = Room(Encoding.UTF8.GetMaxByteCount(text.Length));
        Padded(Encoding.UTF8.GetBytes(text, room), text.Length);
    }

    public void Cell(ReadOnlySpan<byte> utf8)
    {
        utf8.CopyTo(Room(utf8.Length));
        Padded(utf8.Length, Width(utf8));
    }

    public void Cell(int value)
    {
        var length = Format(value, Room(11));
        Padded(length, length);
    }

    /// <summary>A cell of two numbers with a slash between them (<c>proven/total</c>).</summary>
    public void Cell(int first, int second)
    {
        var room = Room(23);
        var length = Format(first, room);
        room[length++] = (byte)'/';
        length += Format(second, room[length..]);
        Padded(length, length);
    }

    public void Row(IReadOnlyList<string> cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        for (var i = 0; i < cells.Count && i < _widths.Length; i++) Cell(cells[i]);
        EndRow();
    }

    public void EndRow()
    {
        Room(0);
        var end = _used;
        while (end > _lineStart && _buffer[end - 1] == (byte)' ') end--;
        _buffer[end] = (byte)'\n';
        _used = end + 1;
        _lineStart = _used;
        _column = 0;
        if (_used >= Chunk) Flush();
    }

    /// <summary>Writes the whole lines not yet written.</summary>
    public void Flush()
    {
        if (_lineStart == 0) return;
        _write(_buffer.AsSpan(0, _lineStart));
        _buffer.AsSpan(_lineStart, _used - _lineStart).CopyTo(_buffer);
        _used -= _lineStart;
        _lineStart = 0;
    }

    public void Dispose()
    {
        Flush();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>A span of at least <paramref name="size"/> bytes where the next cell goes (after the row's indent), with room for its padding.</summary>
    private Span<byte> Room(int size)
    {
        var padding = _column < _widths.Length ? _widths[_column] + 2 : 2;
        var needed = (_column == 0 ? _indent : 0) + size + padding + 1;
        if (_used + needed > _buffer.Length)
        {
            Flush();
            if (_used + needed > _buffer.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(_used + needed);
                _buffer.AsSpan(0, _used).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }
        }

        if (_column == 0 && _used == _lineStart)
        {
            _buffer.AsSpan(_used, _indent).Fill((byte)' ');
            _used += _indent;
        }

        return _buffer.AsSpan(_used);
    }

    private void Padded(int length, int width)
    {
        _used += length;
        if (_column < _widths.Length - 1)
        {
            var spaces = Math.Max(2, _widths[_column] - width + 2);
            _buffer.AsSpan(_used, spaces).Fill((byte)' ');
            _used += spaces;
        }

        _column++;
    }

    private static int Format(int value, Span<byte> into) =>
        value.TryFormat(into, out var written, default, CultureInfo.InvariantCulture) ? written : throw new InvalidOperationException("no room for a number");
}
