using System.Diagnostics;
using System.Globalization;
using Gryt.Dashboard;
using Gryt.Storage;

namespace Gryt.Bench;

/// <summary>
/// Issue 16's scale checks: a tenth of the history and all of it (10 000 generations, 100 000
/// evolutions, 1 000 000 step rows), the reads users make of it timed at both; they must stay
/// flat (a ratio near 1) except where the work is the whole history (list, export).
/// </summary>
internal static class Scale
{
    private const int StepsPerRun = 10;

    public static void Run(BenchOptions options, List<string> report)
    {
        var results = new Dictionary<string, (double Ms, long Kib)>[2];
        int[] evolutions = [10_000, 100_000];
        for (var s = 0; s < evolutions.Length; s++)
        {
            using var sandbox = Sandbox.Create(options.Gryt, generations: 0);
            var database = Path.Combine(sandbox.Directory, ".gryt", "gryt.db");
            var seeding = Stopwatch.StartNew();
            Seeder.SeedHistory(database, evolutions[s], StepsPerRun);
            var generations = evolutions[s] / 10;
            Console.WriteLine($"scale: {generations:N0} generations, {evolutions[s]:N0} evolutions, {evolutions[s] * StepsPerRun:N0} step rows (seeded in {seeding.Elapsed.TotalSeconds:0} s)");
            var middle = Version(generations / 2);
            var runs = Math.Min(options.Runs, 7);
            results[s] = new()
            {
                ["generation list"] = Measure(sandbox, runs, ["generation", "list"]),
                ["generation list --json"] = Measure(sandbox, runs, ["generation", "list", "--json"]),
                ["generation show V"] = Measure(sandbox, runs, ["generation", "show", middle]),
                ["generation show V --json"] = Measure(sandbox, runs, ["generation", "show", middle, "--json"]),
                ["evolution list V"] = Measure(sandbox, runs, ["evolution", "list", middle]),
                ["audit export --version V"] = Measure(sandbox, runs, ["audit", "export", "-o", "one.json", "--version", middle]),
                ["audit export"] = Measure(sandbox, Math.Min(runs, 3), ["audit", "export", "-o", "all.json"]),
            };
            var (first, again) = Dashboard(database, runs);
            results[s]["dashboard: first screen (chain verified)"] = (first, 0);
            results[s]["dashboard: a screen after a change"] = (again, 0);
        }

        foreach (var (label, full) in results[1])
        {
            var tenth = results[0][label];
            var memory = full.Kib == 0 ? "in-process" : $"{tenth.Kib / 1024.0:0.0} → {full.Kib / 1024.0:0.0} MiB";
            Console.WriteLine($"{label}: {tenth.Ms:0.0} → {full.Ms:0.0} ms (×{full.Ms / tenth.Ms:0.00}), {memory}");
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"| `{label}` (1/10 → full scale) | {tenth.Ms:0.0} → {full.Ms:0.0} | ×{full.Ms / tenth.Ms:0.00} | | {memory} | |"));
        }
    }

    /// <summary>
    /// <c>--scenario seed</c>: one kept sandbox with the full history and nothing timed, to look at
    /// a query by hand (<c>EXPLAIN QUERY PLAN</c>, one command timed against two builds).
    /// </summary>
    public static void SeedKept(BenchOptions options)
    {
        Sandbox.Keep = true;
        using var sandbox = Sandbox.Create(options.Gryt, generations: 0);
        Seeder.SeedHistory(Path.Combine(sandbox.Directory, ".gryt", "gryt.db"), 100_000, StepsPerRun);
        Console.WriteLine($"seeded: 10 000 generations, 100 000 evolutions, 1 000 000 step rows; a version in the middle: {Version(5_000)}");
    }

    private static string Version(int g) => string.Create(CultureInfo.InvariantCulture, $"v{g / 10_000 + 1}.{g / 100 % 100}.{g % 100}");

    private static (double Ms, long Kib) Measure(Sandbox sandbox, int runs, string[] arguments)
    {
        sandbox.Run(arguments);
        var times = new List<double>();
        long peak = 0;
        for (var i = 0; i < runs; i++)
        {
            var (ms, kib) = sandbox.RunMeasured(arguments);
            times.Add(ms);
            peak = Math.Max(peak, kib);
        }

        times.Sort();
        return (times[times.Count / 2], peak);
    }

    /// <summary>The terminal dashboard's reads (<see cref="DashboardReader"/>), in this process: the
    /// first screen walks the audit chain once; later screens read only what a screen shows.</summary>
    private static (double First, double Again) Dashboard(string database, int runs)
    {
        using var db = GrytDatabase.Open(database);
        var clock = Stopwatch.StartNew();
        using (var reader = new DashboardReader(db, TimeProvider.System))
        {
            reader.Load(new DashboardSelection());
        }

        var first = clock.Elapsed.TotalMilliseconds;
        using var warm = new DashboardReader(db, TimeProvider.System);
        warm.Load(new DashboardSelection());
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            clock.Restart();
            warm.Load(new DashboardSelection());
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return (first, times[times.Count / 2]);
    }
}
