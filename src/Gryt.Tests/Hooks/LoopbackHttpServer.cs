using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Gryt.Tests.Hooks;

/// <summary>A real HTTP/1.1 server on 127.0.0.1 that records each request exactly as it came over the wire.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _status;

    public sealed record Request(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

    public LoopbackHttpServer(int status = 200)
    {
        _status = status;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string Url => $"http://127.0.0.1:{Port}";

    public List<Request> Requests { get; } = [];

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            using (client)
            {
                await HandleAsync(client.GetStream());
            }
        }
    }

    private async Task HandleAsync(NetworkStream stream)
    {
        var reader = new BufferedReader(stream);
        var requestLine = await reader.ReadLineAsync();
        if (requestLine is null)
        {
            return;
        }

        var parts = requestLine.Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        string? line;
        while (!string.IsNullOrEmpty(line = await reader.ReadLineAsync()))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        var body = headers.TryGetValue("Content-Length", out var length)
            ? await reader.ReadBytesAsync(int.Parse(length, System.Globalization.CultureInfo.InvariantCulture))
            : [];
        lock (Requests)
        {
            Requests.Add(new Request(parts[0], parts[1], headers, Encoding.UTF8.GetString(body)));
        }

        var answer = _status == 200 ? "ok" : "server on fire";
        var response = $"HTTP/1.1 {_status} {(_status == 200 ? "OK" : "Error")}\r\nContent-Length: {answer.Length}\r\nConnection: close\r\n\r\n{answer}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _loop;
        _stop.Dispose();
    }

    /// <summary>Reads header lines and then exact body bytes from one stream.</summary>
    private sealed class BufferedReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        private async Task<bool> FillAsync()
        {
            if (_start == _end)
            {
                _start = 0;
                _end = await stream.ReadAsync(_buffer);
            }

            return _end > _start;
        }

        public async Task<string?> ReadLineAsync()
        {
            var line = new StringBuilder();
            while (await FillAsync())
            {
                var c = (char)_buffer[_start++];
                if (c == '\n')
                {
                    return line.ToString().TrimEnd('\r');
                }

                line.Append(c);
            }

            return line.Length > 0 ? line.ToString() : null;
        }

        public async Task<byte[]> ReadBytesAsync(int count)
        {
            var result = new byte[count];
            var read = 0;
            while (read < count && await FillAsync())
            {
                var n = Math.Min(count - read, _end - _start);
                Array.Copy(_buffer, _start, result, read, n);
                _start += n;
                read += n;
            }

            return result;
        }
    }
}
