// Starts `bash -c COMMAND` N times, one after another, with stdout and stderr redirected and
// drained, as gryt runs N steps: what is left of gryt's time beyond this is gryt's own.
// Usage: Gryt.Spawner [--posix | --posix-worker] N [COMMAND]
//   (none)          System.Diagnostics.Process: the floor of a .NET program that uses it
//   --posix         posix_spawn and poll in this thread, no Process and no thread hop at all
//                   (PosixSpawner.cs): the floor of any .NET program
//   --posix-worker  the same on one long-lived thread, awaited: the shape an async library such
//                   as gryt's ChildProcess could take (docs/benchmarks.md, "Starting processes")
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Gryt.Spawner;

var mode = args.Length > 0 && args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : "";
if (mode.Length > 0) args = args[1..];
var count = int.Parse(args[0], CultureInfo.InvariantCulture);
string[] argv = ["bash", "-c", args.Length > 1 ? args[1] : "true"];
for (var i = 0; i < count; i++)
{
    var code = mode switch
    {
        "--posix" => PosixSpawner.Run(argv),
        "--posix-worker" => await Worker.Run(() => PosixSpawner.Run(argv)),
        "" => await WithProcess(argv),
        _ => throw new ArgumentException($"unknown mode {mode}"),
    };
    if (code != 0) return code;
}

return 0;

static async Task<int> WithProcess(string[] argv)
{
    var start = new ProcessStartInfo(argv[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in argv[1..]) start.ArgumentList.Add(argument);
    using var process = Process.Start(start)!;
    var stderr = process.StandardError.ReadToEndAsync();
    await process.StandardOutput.ReadToEndAsync();
    await stderr;
    await process.WaitForExitAsync();
    return process.ExitCode;
}

/// <summary>One long-lived thread that runs each process in turn; the caller awaits it.</summary>
internal static class Worker
{
    private static readonly BlockingCollection<(Func<int> Work, TaskCompletionSource<int> Done)> Jobs = Start();

    public static Task<int> Run(Func<int> work)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        Jobs.Add((work, done));
        return done.Task;
    }

    private static BlockingCollection<(Func<int>, TaskCompletionSource<int>)> Start()
    {
        var jobs = new BlockingCollection<(Func<int> Work, TaskCompletionSource<int> Done)>();
        new Thread(() =>
        {
            foreach (var (work, done) in jobs.GetConsumingEnumerable()) done.SetResult(work());
        }) { IsBackground = true, Name = "spawner worker" }.Start();
        return jobs;
    }
}
