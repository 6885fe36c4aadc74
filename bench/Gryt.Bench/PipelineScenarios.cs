using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Gryt.Bench;

/// <summary>
/// SPEC §8 for the runner: per-step overhead against a bash loop running the same processes
/// (side by side, alternating, in one run), parallel runners against sequential, and peak memory
/// while a step prints 1 GB.
/// </summary>
internal static class PipelineScenarios
{
    public static void StepOverhead(BenchOptions options, List<string> report)
    {
        const int steps = 100;
        using var sandbox = Sandbox.Create(options.Gryt, generations: 0);
        WritePipeline(sandbox, "seq", steps, parallel: 1);
        WritePipeline(sandbox, "par", steps, parallel: 2);
        var loop = Path.Combine(sandbox.Directory, "loop.sh");
        // The same processes each gryt step starts: `true` alone is a bash builtin and would spawn nothing.
        File.WriteAllText(loop, $"for i in $(seq {steps}); do bash -c true; done\n");

        var gryt = new List<double>();
        var bash = new List<double>();
        var parallel = new List<double>();
        var version = new List<double>();
        for (var i = 0; i < options.Warmup + options.Runs; i++)
        {
            // Alternate so that machine noise hits all of them alike.
            var g = sandbox.Run(["run", "seq", "--no-evolution"]);
            var b = Time("bash", sandbox.Directory, loop);
            var p = sandbox.Run(["run", "par", "--no-evolution"]);
            var v = sandbox.Run(["--version"]);
            if (i < options.Warmup) continue;
            gryt.Add(g);
            bash.Add(b);
            parallel.Add(p);
            version.Add(v);
        }

        var gm = Median(gryt);
        var bm = Median(bash);
        var pm = Median(parallel);
        var vm = Median(version);
        Console.WriteLine($"{steps} steps of `true`: gryt {gm:0} ms, bash loop {bm:0} ms, gryt start-up alone {vm:0} ms");
        Console.WriteLine($"per-step overhead: {(gm - bm) / steps:0.00} ms including start-up, {(gm - vm - bm) / steps:0.00} ms excluding it (target ≤ 2 ms)");
        Console.WriteLine($"parallel_runners=2: {pm:0} ms vs sequential {gm:0} ms (ratio {pm / gm:0.00}; target < 1)");
        report.Add(Row($"gryt run: {steps} × true, sequential", gryt));
        report.Add(Row($"bash loop: {steps} × true", bash));
        report.Add(Row($"gryt run: {steps} × true, parallel_runners=2", parallel));
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| per-step overhead vs bash (incl. start-up) | {(gm - bm) / steps:0.00} | | |"));
    }

    public static void LargeOutput(BenchOptions options, List<string> report)
    {
        using var sandbox = Sandbox.Create(options.Gryt, generations: 0);
        File.WriteAllText(Path.Combine(sandbox.Directory, ".gryt", "pipelines", "loud.yaml"),
            "name: loud\nsteps:\n  - name: spew\n    run: head -c 1073741824 /dev/zero | tr '\\0' 'x' | fold -w 100\n");
        var start = new ProcessStartInfo(options.Gryt) { WorkingDirectory = sandbox.Directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "run", "loud", "--no-evolution" }) start.ArgumentList.Add(a);
        start.Environment["CI"] = "true";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var drain = Task.WhenAll(process.StandardOutput.BaseStream.CopyToAsync(Stream.Null), process.StandardError.BaseStream.CopyToAsync(Stream.Null));
        long peakKb = 0;
        while (!process.WaitForExit(50)) peakKb = Math.Max(peakKb, HighWaterMarkKb(process.Id));
        drain.Wait();
        var seconds = clock.Elapsed.TotalSeconds;
        var log = Directory.GetFiles(Path.Combine(sandbox.Directory, ".gryt", "logs"), "*.log", SearchOption.AllDirectories).Select(f => new FileInfo(f).Length).Max();
        Console.WriteLine($"1 GiB of step output: exit {process.ExitCode}, {seconds:0.0} s, peak RSS {peakKb / 1024.0:0.0} MiB (target < 100), log {log / 1048576.0:0} MiB");
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| gryt run: a step printing 1 GiB | {seconds * 1000:0} | peak RSS {peakKb / 1024.0:0.0} MiB | log {log / 1048576.0:0} MiB |"));
    }

    private static long HighWaterMarkKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }

        return 0;
    }

    private static void WritePipeline(Sandbox sandbox, string name, int steps, int parallel)
    {
        var text = new StringBuilder($"name: {name}\nparallel_runners: {parallel}\nsteps:\n");
        for (var i = 0; i < steps; i++) text.Append(CultureInfo.InvariantCulture, $"  - {{ name: s{i}, run: \"true\" }}\n");
        File.WriteAllText(Path.Combine(sandbox.Directory, ".gryt", "pipelines", name + ".yaml"), text.ToString());
    }

    private static double Time(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.WaitForExit();
        return clock.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }

    private static string Row(string label, List<double> values)
    {
        var sorted = values.Order().ToList();
        return string.Create(CultureInfo.InvariantCulture, $"| `{label}` | {sorted[sorted.Count / 2]:0.0} | {sorted[0]:0.0} | {sorted[^1]:0.0} |");
    }
}
