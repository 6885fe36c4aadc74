using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Gryt.Tests.Steps.Publishing;

/// <summary>
/// A registry server started for a test class on 127.0.0.1 (a free port), in its own temporary
/// folder, stopped with its process tree at the end. Installs go through scripts/registries.sh.
/// </summary>
internal sealed class LocalRegistry : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private LocalRegistry(Process process, string folder, int port)
    {
        _process = process;
        Folder = folder;
        Port = port;
    }

    public string Folder { get; }

    public int Port { get; }

    public string Output
    {
        get
        {
            lock (_output) return string.Join('\n', _output);
        }
    }

    /// <summary>Starts <paramref name="program"/> with the arguments <paramref name="arguments"/> makes of the
    /// folder and port, and waits until <paramref name="readyPath"/> answers with a success status.</summary>
    public static async Task<LocalRegistry> StartAsync(string program, Func<string, int, IEnumerable<string>> arguments, string readyPath)
    {
        var folder = Directory.CreateTempSubdirectory("gryt-registry-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments(folder, port)) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException(program + " did not start");
        var registry = new LocalRegistry(process, folder, port);
        process.OutputDataReceived += (_, e) => registry.Note(e.Data);
        process.ErrorDataReceived += (_, e) => registry.Note(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}{readyPath}"));
                if (response.IsSuccessStatusCode) return registry;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        registry.Dispose();
        throw new InvalidOperationException($"{program} did not answer on port {port}:\n{registry.Output}");
    }

    /// <summary>The path of a program that scripts/registries.sh installs (or finds installed).</summary>
    public static string Install(string what)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "registries.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(what);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0
            ? output.Trim()
            : throw new InvalidOperationException($"scripts/registries.sh {what} failed (exit {process.ExitCode}): {error.Result}");
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) return dir.FullName;
        throw new InvalidOperationException("Gryt.slnx not found above " + AppContext.BaseDirectory);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Note(string? line)
    {
        if (line is null) return;
        lock (_output) _output.Add(line);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the dying server: the temporary folder is harmless.
        }
    }
}

/// <summary>A test class's registry: started once before its tests, stopped after them; null where
/// <see cref="StartAsync"/> finds its server not installed (the tests are then skipped).</summary>
public abstract class RegistryFixture : IAsyncLifetime
{
    private LocalRegistry? _server;

    internal LocalRegistry Server => _server ?? throw new InvalidOperationException("the registry is not installed");

    private protected abstract Task<LocalRegistry?> StartAsync();

    public async Task InitializeAsync() => _server = await StartAsync();

    public Task DisposeAsync()
    {
        _server?.Dispose();
        return Task.CompletedTask;
    }
}
