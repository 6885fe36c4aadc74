using System.Buffers.Binary;

namespace Gryt.Storage;

/// <summary>One row of <see cref="StoredListingRows"/>: the stored bytes of its texts, valid while the listing is.</summary>
internal readonly ref struct StoredListingRow(
    ReadOnlySpan<byte> version, ReadOnlySpan<byte> status, int changesProven, int changesTotal, int evolutions,
    ReadOnlySpan<byte> createdAt, ReadOnlySpan<byte> promotedAt, bool promoted)
{
    public ReadOnlySpan<byte> Version { get; } = version;
    public ReadOnlySpan<byte> Status { get; } = status;
    public int ChangesProven { get; } = changesProven;
    public int ChangesTotal { get; } = changesTotal;
    public int Evolutions { get; } = evolutions;
    public ReadOnlySpan<byte> CreatedAt { get; } = createdAt;

    /// <summary>Empty when <see cref="Promoted"/> is false (the column is NULL).</summary>
    public ReadOnlySpan<byte> PromotedAt { get; } = promotedAt;

    public bool Promoted { get; } = promoted;
}

/// <summary>
/// The generation listing's rows read once, packed as UTF-8 into 64 KB pieces (about 70 bytes a
/// row), so that a table's column widths can be taken from the rows before they are written
/// without a second query: SQLite's per-row work is the whole cost of a long list.
/// </summary>
internal sealed class StoredListingRows
{
    private const int Piece = 64 * 1024;
    private const byte Null = 254;
    private const byte Long = 255;

    private readonly List<byte[]> _pieces = [];
    private readonly List<int> _used = [];

    public int Count { get; private set; }

    /// <summary>Adds a row; texts are copied.</summary>
    internal void Add(ReadOnlySpan<byte> version, ReadOnlySpan<byte> status, int changesProven, int changesTotal, int evolutions,
        ReadOnlySpan<byte> createdAt, ReadOnlySpan<byte> promotedAt, bool promoted)
    {
        var size = 12 + Size(version) + Size(status) + Size(createdAt) + Size(promotedAt);
        var piece = Room(size);
        var at = _used[^1];
        BinaryPrimitives.WriteInt32LittleEndian(piece.AsSpan(at), changesProven);
        BinaryPrimitives.WriteInt32LittleEndian(piece.AsSpan(at + 4), changesTotal);
        BinaryPrimitives.WriteInt32LittleEndian(piece.AsSpan(at + 8), evolutions);
        at += 12;
        at = Put(piece, at, version, true);
        at = Put(piece, at, status, true);
        at = Put(piece, at, createdAt, true);
        at = Put(piece, at, promotedAt, promoted);
        _used[^1] = at;
        Count++;
    }

    public Enumerator GetEnumerator() => new(this);

    private static int Size(ReadOnlySpan<byte> text) => text.Length < Null ? 1 + text.Length : 5 + text.Length;

    private byte[] Room(int size)
    {
        if (_pieces.Count > 0 && _used[^1] + size <= _pieces[^1].Length) return _pieces[^1];
        var piece = GC.AllocateUninitializedArray<byte>(Math.Max(Piece, size));
        _pieces.Add(piece);
        _used.Add(0);
        return piece;
    }

    private static int Put(byte[] piece, int at, ReadOnlySpan<byte> text, bool present)
    {
        if (!present)
        {
            piece[at] = Null;
            return at + 1;
        }

        if (text.Length < Null) piece[at++] = (byte)text.Length;
        else
        {
            piece[at++] = Long;
            BinaryPrimitives.WriteInt32LittleEndian(piece.AsSpan(at), text.Length);
            at += 4;
        }

        text.CopyTo(piece.AsSpan(at));
        return at + text.Length;
    }

    /// <summary>The rows in the order they were added.</summary>
    public ref struct Enumerator(StoredListingRows rows)
    {
        private int _piece;
        private int _at;
        private StoredListingRow _current;

        public readonly StoredListingRow Current => _current;

        public bool MoveNext()
        {
            while (_piece < rows._pieces.Count && _at >= rows._used[_piece])
            {
                _piece++;
                _at = 0;
            }

            if (_piece == rows._pieces.Count) return false;
            var piece = rows._pieces[_piece].AsSpan(0, rows._used[_piece]);
            var proven = BinaryPrimitives.ReadInt32LittleEndian(piece[_at..]);
            var total = BinaryPrimitives.ReadInt32LittleEndian(piece[(_at + 4)..]);
            var evolutions = BinaryPrimitives.ReadInt32LittleEndian(piece[(_at + 8)..]);
            _at += 12;
            var version = Take(piece, out _);
            var status = Take(piece, out _);
            var created = Take(piece, out _);
            var promotedAt = Take(piece, out var promoted);
            _current = new StoredListingRow(version, status, proven, total, evolutions, created, promotedAt, promoted);
            return true;
        }

        private ReadOnlySpan<byte> Take(ReadOnlySpan<byte> piece, out bool present)
        {
            var head = piece[_at++];
            present = head != Null;
            if (!present) return [];
            int size = head;
            if (head == Long)
            {
                size = BinaryPrimitives.ReadInt32LittleEndian(piece[_at..]);
                _at += 4;
            }

            var text = piece.Slice(_at, size);
            _at += size;
            return text;
        }
    }
}
