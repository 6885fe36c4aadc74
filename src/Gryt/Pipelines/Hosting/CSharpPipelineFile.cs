using Gryt.Pipelines.Internal;
using Gryt.Pipelines.Loading;

namespace Gryt.Pipelines.Hosting;

/// <summary>
/// Runs a C# pipeline file (a .NET 10 file-based app): to describe it (<c>--gryt-describe</c>,
/// nothing runs) or to run it with gryt's environment variables. The file is built once into a
/// <see cref="CSharpAppCache"/> and its app started directly (its description kept beside it, so a
/// cached run starts one process); a file the cache does not take runs with <c>dotnet run --file</c>.
/// </summary>
internal static partial class CSharpPipelineFile
{
    private const int ErrorLinesKept = 30;

    /// <summary>The <c>dotnet</c> arguments that run <paramref name="path"/> with <paramref name="appArguments"/>.</summary>
    public static IReadOnlyList<string> DotnetArguments(string path, IEnumerable<string> appArguments, string? packageSource)
    {
        ArgumentNullException.ThrowIfNull(appArguments);
        // File-based apps default to PublishAot, which makes restore fetch the ILCompiler, ILLink
        // and runtime packs; a pipeline is run, never published, so it needs none of them (and an
        // offline machine could not restore them).
        List<string> arguments = ["run", "--file", path, "-p:PublishAot=false"];
        if (!string.IsNullOrEmpty(packageSource)) arguments.Add("-p:RestoreAdditionalProjectSources=" + packageSource);
        // Under central package management (a Directory.Packages.props above the file) NuGet refuses
        // a reference that names its version (NU1008), which is what #:package Gryt@0.1.0 is. A file
        // that pins every package itself is built without central versions; one that leaves a
        // version out relies on them.
        if (PinsAllPackages(path)) arguments.Add("-p:ManagePackageVersionsCentrally=false");
        arguments.Add("--");
        arguments.AddRange(appArguments);
        return arguments;
    }

    /// <summary>
    /// The command that runs <paramref name="path"/>: its built app started directly when
    /// <paramref name="cache"/> has it for the file as it is now, else <c>dotnet run</c>.
    /// </summary>
    public static (string FileName, IReadOnlyList<string> Arguments) Command(
        string path, IReadOnlyList<string> appArguments, string? packageSource, CSharpAppCache cache)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (cache.Find(path, packageSource) is { } dll)
        {
            return ("dotnet", [dll, .. appArguments]);
        }

        return ("dotnet", DotnetArguments(path, appArguments, packageSource));
    }

    /// <summary>
    /// Builds the file into <paramref name="cache"/> unless it is there already (or cannot be cached);
    /// <paramref name="onCompile"/> hears the file's name first. Returns dotnet build's exit code (0: ready).
    /// </summary>
    public static async Task<int> PrepareAsync(
        string path, string workingDirectory, string? packageSource, CSharpAppCache cache, IRuntime runtime,
        Action<string>? onCompile, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cache);
        if (!cache.Takes(path, packageSource) || cache.Find(path, packageSource) is not null) return 0;
        onCompile?.Invoke(Path.GetFileName(path));
        var (_, exitCode) = await cache.BuildAsync(path, workingDirectory, packageSource, runtime, onLine, cancellationToken).ConfigureAwait(false);
        return exitCode;
    }

    /// <summary>Whether the file has <c>#:package</c> directives and each names a version (<c>Gryt@0.1.0</c>).</summary>
    internal static bool PinsAllPackages(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }

        var packages = lines.Select(l => l.Trim()).Where(l => l.StartsWith("#:package ", StringComparison.Ordinal)).ToList();
        return packages.Count > 0 && packages.All(p => p.Contains('@', StringComparison.Ordinal));
    }

    /// <summary>The environment <c>dotnet</c> and the app get: <paramref name="host"/>'s, quiet, plus <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> Environment(GrytHost host, IReadOnlyDictionary<string, string>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        var environment = new Dictionary<string, string>(host.Environment, StringComparer.Ordinal);
        environment["DOTNET_NOLOGO"] = "1";
        environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (key, value) in extra ?? new Dictionary<string, string>()) environment[key] = value;
        return environment;
    }

    /// <summary>Builds the file and asks it for its description; throws <see cref="InvalidInputException"/> when it does not build or describe itself.</summary>
    public static async Task<PipelineInfo> DescribeAsync(
        string path, string shownPath, string workingDirectory, string? packageSource, IRuntime runtime,
        CSharpAppCache cache, Action<string>? onCompile, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(cache);
        string? description = null;
        var kept = new Queue<string>();
        void Keep(string line)
        {
            if (line.StartsWith(PipelineHostEnvironment.DescribePrefix, StringComparison.Ordinal))
            {
                description = line[PipelineHostEnvironment.DescribePrefix.Length..];
                return;
            }

            if (line.Trim().Length == 0) return;
            kept.Enqueue(line.Trim());
            if (kept.Count > ErrorLinesKept) kept.Dequeue();
        }

        var tool = "dotnet build";
        var exitCode = await PrepareAsync(path, workingDirectory, packageSource, cache, runtime, onCompile, Keep, cancellationToken).ConfigureAwait(false);
        var dll = exitCode == 0 ? cache.Find(path, packageSource) : null;
        if (dll is not null && CSharpAppCache.Description(dll) is { } known) return PipelineInfo.ReadJson(known);
        if (exitCode == 0)
        {
            var (fileName, arguments) = Command(path, [PipelineHostEnvironment.DescribeArgument], packageSource, cache);
            tool = dll is null ? "dotnet run" : "the built pipeline";
            exitCode = await runtime.RunAsync(new ProcessSpec(fileName, arguments, workingDirectory, Environment(cache.Host)), Keep, cancellationToken).ConfigureAwait(false);
        }

        // NuGet's restore errors (NU1101 unknown package, NU1102 no such version, NU1301 source
        // unreachable, …) mean the file never got to compile: say so rather than blame the code.
        if (exitCode != 0 && kept.FirstOrDefault(line => RestoreError().IsMatch(line)) is { } restoreError)
        {
            throw new InvalidInputException(
                $"{shownPath}: the C# pipeline's packages could not be restored: {RestoreError().Match(restoreError).Groups["problem"].Value.Trim()}",
                packageSource is null
                    ? $"this gryt has no package feed beside it ({PipelineHostEnvironment.PackageSource} is not set either): set {PipelineHostEnvironment.PackageSource} to a folder holding Gryt.<version>.nupkg, or reference the library with #:project path/to/src/Gryt/Gryt.csproj"
                    : $"the feed {packageSource} and the configured NuGet sources do not have it: check the #:package lines (this gryt ships Gryt {typeof(CSharpPipelineFile).Assembly.GetName().Version?.ToString(3)})");
        }

        if (exitCode != 0 || description is null)
        {
            var detail = kept.Count == 0 ? "" : ": " + string.Join(" | ", kept.Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).DefaultIfEmpty(kept.Last()).Take(5));
            throw new InvalidInputException(
                exitCode != 0
                    ? $"{shownPath}: the C# pipeline does not build ({tool} exited with {exitCode}){detail}"
                    : $"{shownPath}: the C# pipeline ran but did not describe itself",
                $"the file must build a Pipeline and end with: return await PipelineHost.RunAsync(pipeline, args);");
        }

        var info = PipelineInfo.ReadJson(description);
        if (dll is not null) cache.KeepDescription(dll, description);
        return info;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(?<problem>error NU\d{4}:.*?)(\s*\[[^\]]*\])?$")]
    private static partial System.Text.RegularExpressions.Regex RestoreError();
}
