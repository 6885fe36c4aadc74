using System.Buffers;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Gryt.Pipelines.Internal;

/// <summary>
/// A step's log file, written through one 64 KiB buffer taken from the shared pool: each line is
/// encoded straight into it and the file is written when it fills, so a step allocates no buffer of
/// its own and 1 GiB of output is about 16 000 writes. Not thread-safe (<see cref="StepOutput"/> holds a lock).
/// </summary>
internal sealed class LogFile : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Environment.NewLine);

    private readonly SafeFileHandle _handle;
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
    private int _used;
    private long _offset;

    public LogFile(string path)
    {
        try
        {
            _handle = File.OpenHandle(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        }
        catch
        {
            ReturnBuffer();
            throw;
        }
    }

    /// <summary>Appends the line and a newline; throws <see cref="IOException"/> when the disk refuses.</summary>
    public void WriteLine(string line)
    {
        var buffer = _buffer ?? throw new ObjectDisposedException(nameof(LogFile));
        var most = Encoding.UTF8.GetMaxByteCount(line.Length) + NewLine.Length;
        if (most > buffer.Length - _used) Flush();
        if (most > buffer.Length)
        {
            // A line longer than the buffer holds (up to 64 K characters): written on its own.
            Write(Encoding.UTF8.GetBytes(line + Environment.NewLine));
            return;
        }

        _used += Encoding.UTF8.GetBytes(line, buffer.AsSpan(_used));
        NewLine.CopyTo(buffer.AsSpan(_used));
        _used += NewLine.Length;
    }

    /// <summary>Writes what is buffered and closes the file.</summary>
    public void Dispose()
    {
        if (_buffer is null) return;
        try
        {
            Flush();
        }
        finally
        {
            ReturnBuffer();
            _handle.Dispose();
        }
    }

    /// <summary>Writes what is buffered (the live tail reads the file while the step runs).</summary>
    public void Flush()
    {
        if (_used == 0) return;
        var used = _used;
        _used = 0; // what could not be written is not tried again: a full disk stays full
        Write(_buffer.AsSpan(0, used));
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        RandomAccess.Write(_handle, bytes, _offset);
        _offset += bytes.Length;
    }

    private void ReturnBuffer()
    {
        if (_buffer is null) return;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = null;
    }
}
