using System.Reflection;
using Gryt.Processes;
using Gryt.Tests.TestSupport;

namespace Gryt.Cli.Tests.TestSupport;

/// <summary>
/// The real gryt-server, built beside these tests, on 127.0.0.1 with a port the system picks and a
/// SQLite file in a temp folder; stopped (its process tree killed) on dispose. Keys are made with
/// its own <c>keys create</c> command.
/// </summary>
internal sealed class SyncServer : IDisposable
{
    private readonly TempDirectory _folder = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _process;

    public SyncServer()
    {
        DatabasePath = Path.Combine(_folder.Path, "server.db");
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process = ChildProcess.StreamAsync(
            new ProcessCommand(Binary, ["--database", DatabasePath, "--urls", "http://127.0.0.1:0"]) { WorkingDirectory = _folder.Path },
            line =>
            {
                log.Enqueue(line);
                const string marker = "listening on ";
                var at = line.IndexOf(marker, StringComparison.Ordinal);
                if (at >= 0) listening.TrySetResult(line[(at + marker.Length)..].Split(' ')[0]);
            },
            _stop.Token);
        var first = Task.WhenAny(listening.Task, _process, Task.Delay(TimeSpan.FromSeconds(60))).GetAwaiter().GetResult();
        if (first != listening.Task)
        {
            _stop.Cancel();
            throw new InvalidOperationException("gryt-server did not start:\n" + string.Join('\n', log));
        }

        Url = listening.Task.GetAwaiter().GetResult();
    }

    public string Url { get; }

    public string DatabasePath { get; }

    /// <summary>A new key of <paramref name="project"/> (its text, as <c>keys create</c> prints it once).</summary>
    public string CreateKey(string project, string role, string name)
    {
        var result = ProcessRunner.Run(Binary, _folder.Path, null, "keys", "create", "--database", DatabasePath, "--project", project, "--role", role, "--name", name);
        Assert.True(result.ExitCode == 0, "keys create failed:\n" + result);
        return result.Out.Trim();
    }

    public void Revoke(string key)
    {
        var result = ProcessRunner.Run(Binary, _folder.Path, null, "keys", "revoke", "--database", DatabasePath, key.Split('_')[1]);
        Assert.True(result.ExitCode == 0, "keys revoke failed:\n" + result);
        // The running server keeps a key it has seen for up to 2 s (KeyCache.Lifetime, docs/sync.md).
        Thread.Sleep(TimeSpan.FromSeconds(2.2));
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _process.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
        _folder.Dispose();
    }

    /// <summary>The gryt-server launcher in the server project's output folder (same configuration and framework).</summary>
    public static string Binary => Location.Value;

    private static readonly Lazy<string> Location = new(() =>
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = Assembly.GetExecutingAssembly().GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? testOutput.Parent!.Name;
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            if (!File.Exists(Path.Combine(dir.FullName, "Gryt.slnx"))) continue;
            var launcher = Path.Combine(dir.FullName, "src", "Gryt.Server", "bin", configuration, testOutput.Name, OperatingSystem.IsWindows() ? "gryt-server.exe" : "gryt-server");
            Assert.True(File.Exists(launcher), $"gryt-server is missing at {launcher}; build src/Gryt.Server first");
            return launcher;
        }

        throw new InvalidOperationException($"Gryt.slnx not found above {testOutput.FullName}");
    });
}
