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

        var spawner = Spawner.Build();
        var gryt = new List<double>();
        var bash = new List<double>();
        var floor = new List<double>();
        var posixFloor = new List<double>();
        var parallel = new List<double>();
        var version = new List<double>();
        for (var i = 0; i < options.Warmup + options.Runs; i++)
        {
            // Alternate so that machine noise hits all of them alike.
            var g = sandbox.Run(["run", "seq", "--no-evolution"]);
            var b = Time("bash", sandbox.Directory, loop);
            var f = spawner is null ? 0 : Time(spawner, sandbox.Directory, steps.ToString(CultureInfo.InvariantCulture));
            // The second floor: posix_spawn and poll in one thread, no Process (docs/benchmarks.md, "Starting processes").
            var x = spawner is null ? 0 : Time(spawner, sandbox.Directory, "--posix", steps.ToString(CultureInfo.InvariantCulture));
            var p = sandbox.Run(["run", "par", "--no-evolution"]);
            var v = sandbox.Run(["--version"]);
            if (i < options.Warmup) continue;
            gryt.Add(g);
            bash.Add(b);
            floor.Add(f);
            posixFloor.Add(x);
            parallel.Add(p);
            version.Add(v);
        }

        long peak = 0;
        for (var i = 0; i < 3; i++) peak = Math.Max(peak, sandbox.RunMeasured(["run", "seq", "--no-evolution"]).PeakKib);
        var gm = Median(gryt);
        var bm = Median(bash);
        var fm = Median(floor);
        var xm = Median(posixFloor);
        var pm = Median(parallel);
        var vm = Median(version);
        Console.WriteLine($"{steps} steps of `true`: gryt {gm:0} ms (peak RSS {peak / 1024.0:0.0} MiB), bash loop {bm:0} ms, .NET spawner floor {(spawner is null ? "not built" : $"{fm:0} ms (Process), {xm:0} ms (posix_spawn, one thread)")}, gryt start-up alone {vm:0} ms");
        Console.WriteLine($"gryt / bash loop: {gm / bm:0.00} (target ≤ 1.15); per-step overhead: {(gm - bm) / steps:0.00} ms including start-up, {(gm - vm - bm) / steps:0.00} ms excluding it");
        if (spawner is not null) Console.WriteLine($"gryt / .NET spawner: {gm / fm:0.00}; spawner / bash loop: {fm / bm:0.00}; gryt beyond the spawner: {(gm - fm) / steps:0.00} ms per step (target ≤ 0.15); posix_spawn spawner / Process spawner: {xm / fm:0.00}");
        Console.WriteLine($"parallel_runners=2: {pm:0} ms vs sequential {gm:0} ms (ratio {pm / gm:0.00}; target < 1)");
        report.Add(Row($"gryt run: {steps} × true, sequential", gryt, peak));
        report.Add(Row($"bash loop: {steps} × true", bash));
        if (spawner is not null) report.Add(Row($"minimal .NET spawner (Native AOT): {steps} × bash -c true", floor));
        if (spawner is not null) report.Add(Row($"minimal .NET spawner without Process (posix_spawn, one thread): {steps} × bash -c true", posixFloor));
        report.Add(Row($"gryt run: {steps} × true, parallel_runners=2", parallel));
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| gryt / bash loop (target ≤ 1.15) | {gm / bm:0.00} | | | | |"));
    }

    /// <summary>
    /// A two-step C# pipeline (<c>#:package Gryt@VERSION</c>, restored from the feed beside gryt):
    /// the first run (build), a run after an edit (rebuild) and the cached runs, with the peak RSS
    /// of the largest process of the tree (gryt or the pipeline's app), as /usr/bin/time reports it.
    /// Alternating with each cached run: the floor, <c>dotnet hello.dll</c> (a file-based app printing
    /// one line), and the pipeline's built app started by hand, so gryt's own share shows.
    /// </summary>
    public static void CSharpPipeline(BenchOptions options, List<string> report)
    {
        using var sandbox = Sandbox.Create(options.Gryt, generations: 0);
        var file = Path.Combine(sandbox.Directory, ".gryt", "pipelines", "two.cs");
        var source = $$"""
            #:package Gryt@{{GrytVersion.Current}}
            using Gryt;

            var build = new CommandStep("build", "true");
            var test = new CommandStep("test", "true") { Needs = ["build"] };
            return await PipelineHost.RunAsync(new Pipeline("two", [build, test]), args);
            """;
        File.WriteAllText(file, source);
        string[] run = ["run", "two", "--no-evolution"];
        var (first, firstKib) = sandbox.RunMeasuredTree(run);
        File.WriteAllText(file, source + "\n// an edit\n");
        var (edited, editedKib) = sandbox.RunMeasuredTree(run);
        var hello = HelloApp(sandbox.Directory);
        var app = Directory.GetFiles(Path.Combine(sandbox.Directory, ".gryt", "cache", "csharp"), "two.dll", SearchOption.AllDirectories).Single();
        var appEnvironment = new Dictionary<string, string>
        {
            ["GRYT_DB"] = Path.Combine(sandbox.Directory, ".gryt", "gryt.db"),
            ["CI"] = "true",
        };
        var times = new List<double>();
        var floor = new List<double>();
        var byHand = new List<double>();
        long peak = 0;
        for (var i = 0; i < options.Warmup + options.Runs; i++)
        {
            var (ms, kib) = sandbox.RunMeasuredTree(run);
            var floorMs = Quiet("dotnet", sandbox.Directory, new Dictionary<string, string>(), hello);
            var byHandMs = Quiet("dotnet", sandbox.Directory, appEnvironment, app);
            if (i < options.Warmup) continue;
            times.Add(ms);
            floor.Add(floorMs);
            byHand.Add(byHandMs);
            peak = Math.Max(peak, kib);
        }

        Console.WriteLine($"C# pipeline, two steps: first run {first:0} ms ({firstKib / 1024.0:0} MiB), after an edit {edited:0} ms ({editedKib / 1024.0:0} MiB), cached {Median(times):0} ms (peak RSS {peak / 1024.0:0.0} MiB; target ≤ 200 ms, ≤ 60 MiB)");
        Console.WriteLine($"  the app's Gryt.dll: {(IsReadyToRun(Path.Combine(Path.GetDirectoryName(app)!, "Gryt.dll")) ? "ReadyToRun" : "IL only")} (from the Gryt package of the feed gryt uses)");
        Console.WriteLine($"  same runs: its app started by hand (dotnet two.dll) {Median(byHand):0} ms, the floor (dotnet hello.dll) {Median(floor):0} ms: gryt {Median(times) / Median(floor):0.0}× the floor");
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| `gryt run` C# pipeline, 2 steps, first run (build) | {first:0.0} | | | {firstKib / 1024.0:0.0} MiB | |"));
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| `gryt run` C# pipeline, 2 steps, after an edit (compiling two.cs…) | {edited:0.0} | | | {editedKib / 1024.0:0.0} MiB | |"));
        report.Add(Row("gryt run C# pipeline, 2 steps, cached", times, peak));
        report.Add(Row("dotnet two.dll (the cached app by hand, no gryt)", byHand));
        report.Add(Row("dotnet hello.dll (floor: a file-based app printing a line)", floor));
    }

    /// <summary>Whether the dll carries precompiled (ReadyToRun) code: a managed native header.</summary>
    private static bool IsReadyToRun(string dll)
    {
        using var pe = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(dll));
        return pe.PEHeaders.CorHeader?.ManagedNativeHeaderDirectory.Size > 0;
    }

    /// <summary>Builds the floor app, a file-based app that prints one line, in <paramref name="directory"/>/hello; returns its dll.</summary>
    private static string HelloApp(string directory)
    {
        var folder = Directory.CreateDirectory(Path.Combine(directory, "hello")).FullName;
        File.WriteAllText(Path.Combine(folder, "hello.cs"), "System.Console.WriteLine(\"hello\");\n");
        var output = Path.Combine(folder, "out");
        Quiet("dotnet", folder, new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(directory, ".nuget-packages") }, "build", "hello.cs", "-o", output, "-p:PublishAot=false", "-nologo");
        var dll = Path.Combine(output, "hello.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException("dotnet build hello.cs did not build the floor app");
        return dll;
    }

    /// <summary>Runs a command to its end with its output drained; returns the wall time in ms.</summary>
    private static double Quiet(string file, string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(Stream.Null);
        process.WaitForExit();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {error.Result}");
        return elapsed;
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
        Console.WriteLine($"1 GiB of step output: exit {process.ExitCode}, {seconds:0.0} s, peak RSS {peakKb / 1024.0:0.0} MiB (target < 30), log {log / 1048576.0:0} MiB");
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| `gryt run: a step printing 1 GiB` | {seconds * 1000:0} | | | {peakKb / 1024.0:0.0} MiB | log {log / 1048576.0:0} MiB |"));
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

    private static string Row(string label, List<double> values, long peakKib = 0)
    {
        var sorted = values.Order().ToList();
        var peak = peakKib == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"{peakKib / 1024.0:0.0} MiB");
        return string.Create(CultureInfo.InvariantCulture, $"| `{label}` | {sorted[sorted.Count / 2]:0.0} | {sorted[0]:0.0} | {sorted[^1]:0.0} | {peak} | |");
    }
}
