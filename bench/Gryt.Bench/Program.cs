// Times whole gryt commands over repeated runs and prints medians (SPEC §8; results in docs/benchmarks.md).
// Usage: dotnet run --project bench/Gryt.Bench -c Release -- --gryt artifacts/gryt/gryt [--runs 21] [--scenario all|startup|list|steps|csharp|output|export|scale|seed] [--keep]
//        dotnet run --project bench/Gryt.Bench -c Release -- sync-load [--clients 50] [--evolutions 1000] [--store both] (see SyncLoad.cs)
using System.Diagnostics;
using System.Globalization;
using Gryt.Bench;

if (args is ["sync-load", ..]) return await SyncLoad.RunAsync(args[1..]);

var options = BenchOptions.Parse(args);
var report = new List<string>();
Console.WriteLine($"gryt: {options.Gryt}");
Console.WriteLine($"runs per measurement: {options.Runs} (after {options.Warmup} warm-up), machine: {Environment.ProcessorCount} cores");

if (options.Scenario is "all" or "startup")
{
    using var small = Sandbox.Create(options.Gryt, generations: 0);
    Measure("gryt --version", small, ["--version"]);
}

if (options.Scenario is "all" or "list")
{
    using var ten = Sandbox.Create(options.Gryt, generations: 10);
    using var tenThousand = Sandbox.Create(options.Gryt, generations: 10_000);
    var a = Measure("gryt generation list (10 generations)", ten, ["generation", "list"]);
    var b = Measure("gryt generation list (10 000 generations)", tenThousand, ["generation", "list"]);
    Console.WriteLine($"ratio 10 000 / 10: {b / a:0.00} (target ≤ 1.5)");
    var c = Measure("gryt generation list --json (10 000 generations)", tenThousand, ["generation", "list", "--json"]);
    Console.WriteLine($"ratio json 10 000 / 10: {c / a:0.00}; json / table at 10 000: {c / b:0.00} (target ≤ 2)");
    PythonOriginal.Print("generation list, 10 001 generations", "1 810 ms, 49.3 MiB", report);
}

if (options.Scenario is "all" or "steps")
{
    PipelineScenarios.StepOverhead(options, report);
    PythonOriginal.Print("run, 100 steps of `true`", "807 ms, 40.2 MiB", report);
}

if (options.Scenario is "all" or "csharp")
{
    PipelineScenarios.CSharpPipeline(options, report);
    PythonOriginal.Print("a two-step pipeline in code, cached (Python there, C# here)", "0.40 s, 41 MiB", report);
}
if (options.Scenario is "all" or "output") PipelineScenarios.LargeOutput(options, report);

if (options.Scenario is "all" or "export")
{
    // Export streams rows to the file: peak memory must stay flat from 10 000 to 100 000 evolutions.
    var peaks = new Dictionary<string, long>();
    foreach (var evolutions in new[] { 10_000, 100_000 })
    {
        using var sandbox = Sandbox.Create(options.Gryt, generations: 0);
        Seeder.SeedHistory(Path.Combine(sandbox.Directory, ".gryt", "gryt.db"), evolutions);
        foreach (var format in new[] { "json", "html" })
        {
            var label = $"gryt audit export -f {format} ({evolutions:N0} evolutions)";
            var times = new List<double>();
            long peak = 0;
            for (var i = 0; i < Math.Min(options.Runs, 3); i++)
            {
                var (ms, kib) = sandbox.RunMeasured(["audit", "export", "-o", "export." + format, "-f", format]);
                times.Add(ms);
                peak = Math.Max(peak, kib);
            }

            times.Sort();
            var size = new FileInfo(Path.Combine(sandbox.Directory, "export." + format)).Length / (1024.0 * 1024);
            peaks[$"{format}/{evolutions}"] = peak;
            Console.WriteLine($"{label}: median {times[times.Count / 2]:0} ms, peak RSS {peak / 1024.0:0.0} MiB, file {size:0.0} MiB");
            report.Add(string.Create(CultureInfo.InvariantCulture, $"| `{label}` | {times[times.Count / 2]:0.0} | {times[0]:0.0} | {times[^1]:0.0} | {peak / 1024.0:0.0} MiB | {size:0.0} MiB |"));
        }
    }

    foreach (var format in new[] { "json", "html" })
    {
        Console.WriteLine($"peak RSS ratio {format} 100 000 / 10 000: {(double)peaks[$"{format}/100000"] / peaks[$"{format}/10000"]:0.00} (target ≤ 1.2)");
    }
}

if (options.Scenario is "all" or "scale") Scale.Run(options, report);
if (options.Scenario is "seed") Scale.SeedKept(options);

Console.WriteLine();
Console.WriteLine("| command | median ms | min ms | max ms | peak RSS | output |");
Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
foreach (var line in report) Console.WriteLine(line);
return 0;

double Measure(string label, Sandbox sandbox, string[] arguments)
{
    for (var i = 0; i < options.Warmup; i++) sandbox.Run(arguments);
    var times = new List<double>();
    for (var i = 0; i < options.Runs; i++) times.Add(sandbox.Run(arguments));
    times.Sort();
    var median = times[times.Count / 2];
    // Peak memory from separate runs: sampling /proc slows the timed ones.
    long peak = 0;
    for (var i = 0; i < 3; i++) peak = Math.Max(peak, sandbox.RunMeasured(arguments).PeakKib);
    Console.WriteLine($"{label}: median {median:0.0} ms (min {times[0]:0.0}, max {times[^1]:0.0}), peak RSS {peak / 1024.0:0.0} MiB");
    report.Add(string.Create(CultureInfo.InvariantCulture, $"| `{label}` | {median:0.0} | {times[0]:0.0} | {times[^1]:0.0} | {peak / 1024.0:0.0} MiB | |"));
    return median;
}

namespace Gryt.Bench
{
    internal sealed record BenchOptions(string Gryt, int Runs, int Warmup, string Scenario)
    {
        public static BenchOptions Parse(string[] args)
        {
            string? gryt = null;
            int runs = 21, warmup = 3;
            var scenario = "all";
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--gryt": gryt = args[++i]; break;
                    case "--runs": runs = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--warmup": warmup = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                    case "--scenario": scenario = args[++i]; break;
                    case "--keep": Sandbox.Keep = true; break;
                    default: throw new ArgumentException($"unknown argument {args[i]}");
                }
            }

            if (gryt is null) throw new ArgumentException("--gryt PATH is required (build it with scripts/build.sh)");
            return new BenchOptions(Path.GetFullPath(gryt), runs, warmup, scenario);
        }
    }

    /// <summary>A temporary git repository with gryt initialised and a seeded history.</summary>
    internal sealed class Sandbox : IDisposable
    {
        private readonly string _gryt;

        private Sandbox(string gryt, string directory)
        {
            _gryt = gryt;
            Directory = directory;
        }

        public string Directory { get; }

        public static Sandbox Create(string gryt, int generations)
        {
            var directory = Path.Combine(Path.GetTempPath(), "gryt-bench-" + Guid.NewGuid().ToString("N")[..8]);
            System.IO.Directory.CreateDirectory(directory);
            var sandbox = new Sandbox(gryt, directory);
            Exec("git", directory, "init", "-q");
            sandbox.Run(["init"]);
            Seeder.Seed(Path.Combine(directory, ".gryt", "gryt.db"), generations);
            return sandbox;
        }

        /// <summary>Runs gryt to completion with stdout drained; returns the wall time in ms.</summary>
        public double Run(string[] arguments)
        {
            var start = new ProcessStartInfo(_gryt) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["CI"] = "true";
            // C# pipelines restore into the sandbox, never into the machine's NuGet cache.
            start.Environment["NUGET_PACKAGES"] = Path.Combine(Directory, ".nuget-packages");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.BaseStream.CopyTo(Stream.Null);
            process.WaitForExit();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0) throw new InvalidOperationException($"gryt {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
            return elapsed;
        }

        /// <summary>Runs gryt and samples its peak resident set (VmHWM in /proc) while it runs; returns ms and KiB.</summary>
        public (double Milliseconds, long PeakKib) RunMeasured(string[] arguments)
        {
            var start = new ProcessStartInfo(_gryt) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["CI"] = "true";
            // C# pipelines restore into the sandbox, never into the machine's NuGet cache.
            start.Environment["NUGET_PACKAGES"] = Path.Combine(Directory, ".nuget-packages");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            long peak = 0;
            var status = $"/proc/{process.Id}/status";
            while (!process.HasExited)
            {
                try
                {
                    foreach (var line in File.ReadLines(status))
                    {
                        if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                        peak = Math.Max(peak, long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture));
                    }
                }
                catch (IOException)
                {
                    // The process ended between the check and the read.
                }

                Thread.Yield(); // no sleep: a 10 ms command would end between two samples
            }

            process.WaitForExit();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0) throw new InvalidOperationException($"gryt {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result}");
            _ = stdout.Result;
            return (elapsed, peak);
        }

        /// <summary>
        /// As <see cref="RunMeasured"/>, for a command that starts other processes (a C# pipeline's
        /// app): the peak RSS is that of the largest process of the tree, as /usr/bin/time reports it.
        /// </summary>
        public (double Milliseconds, long PeakKib) RunMeasuredTree(string[] arguments)
        {
            var start = new ProcessStartInfo(_gryt) { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            start.Environment["CI"] = "true";
            // C# pipelines restore into the sandbox, never into the machine's NuGet cache.
            start.Environment["NUGET_PACKAGES"] = Path.Combine(Directory, ".nuget-packages");
            var clock = Stopwatch.StartNew();
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var peaks = new Dictionary<int, long>();
            while (!process.HasExited)
            {
                foreach (var pid in Tree(process.Id)) peaks[pid] = Math.Max(peaks.GetValueOrDefault(pid), HighWaterMark(pid));
                Thread.Yield();
            }

            process.WaitForExit();
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (process.ExitCode != 0) throw new InvalidOperationException($"gryt {string.Join(' ', arguments)} exited {process.ExitCode}: {stderr.Result} {stdout.Result}");
            return (elapsed, peaks.Count == 0 ? 0 : peaks.Values.Max());
        }

        private static List<int> Tree(int root)
        {
            var all = new List<int> { root };
            for (var i = 0; i < all.Count; i++)
            {
                try
                {
                    foreach (var task in System.IO.Directory.GetDirectories($"/proc/{all[i]}/task"))
                    {
                        var children = File.ReadAllText(Path.Combine(task, "children"));
                        all.AddRange(children.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)));
                    }
                }
                catch (IOException)
                {
                    // Gone meanwhile.
                }
            }

            return all;
        }

        private static long HighWaterMark(int pid)
        {
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (line.StartsWith("VmHWM:", StringComparison.Ordinal)) return long.Parse(line[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
            catch (IOException)
            {
                // Gone meanwhile.
            }

            return 0;
        }

        private static void Exec(string file, string directory, params string[] arguments)
        {
            var start = new ProcessStartInfo(file) { WorkingDirectory = directory, UseShellExecute = false, RedirectStandardOutput = true };
            foreach (var argument in arguments) start.ArgumentList.Add(argument);
            using var process = Process.Start(start)!;
            process.WaitForExit();
        }

        /// <summary>--keep: the sandboxes stay (their paths are printed), to profile a command by hand.</summary>
        public static bool Keep { get; set; }

        public void Dispose()
        {
            if (Keep) Console.WriteLine($"kept {Directory}");
            else System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
