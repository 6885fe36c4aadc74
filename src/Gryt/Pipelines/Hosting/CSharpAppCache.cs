using System.Security.Cryptography;
using System.Text;

namespace Gryt.Pipelines.Hosting;

/// <summary>
/// C# pipelines and gates built once and started directly (<c>dotnet app.dll</c>) until their
/// source changes, instead of <c>dotnet run</c> checking and starting them on every call.
/// An entry, <c>.gryt/cache/csharp/NAME-PATHHASH/KEY/</c>, is keyed by the file's content, the
/// Gryt version, the installed .NET SDKs, the build files around the file (global.json,
/// Directory.Build.*, Directory.Packages.props, nuget.config) and the packages of the feed it
/// restores from; only the newest entry of a file is kept. Builds of one file are serialised by a
/// lock file and published by renaming a finished folder, so two gryt processes never see half an app.
/// An instance takes a file's key once (a run asks for it to describe, to build and to start the app)
/// and again only under the build lock; it reads the SDKs from <paramref name="host"/>'s environment.
/// </summary>
internal sealed class CSharpAppCache(string folder, GrytHost host)
{
    private static readonly string[] BuildFiles =
        ["global.json", "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props", "nuget.config", "NuGet.config", "NuGet.Config"];

    private static readonly TimeSpan LockPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>The description the built app gave of itself, kept beside it: the same build describes itself the same way.</summary>
    private const string DescriptionFile = "description.json";

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Path, string? Source), string?> _keys = new();

    public string Folder { get; } = folder;

    public GrytHost Host { get; } = host;

    public static CSharpAppCache For(Project.GrytProject project, GrytHost host)
    {
        ArgumentNullException.ThrowIfNull(project);
        return new CSharpAppCache(Path.Combine(project.GrytFolder, "cache", "csharp"), host);
    }

    /// <summary>
    /// Whether the file can be cached: a <c>#:project</c> reference (whose sources gryt does not
    /// track) or a floating package version (<c>Gryt@*</c>) is built by <c>dotnet run</c> each time.
    /// </summary>
    public static bool CanCache(string path)
    {
        foreach (var line in ReadLines(path))
        {
            var text = line.Trim();
            if (text.StartsWith("#:project", StringComparison.Ordinal)) return false;
            if (text.StartsWith("#:package", StringComparison.Ordinal) && text.Contains('*', StringComparison.Ordinal)) return false;
        }

        return true;
    }

    /// <summary>Whether this cache takes the file (<see cref="CanCache"/>), asked once an instance.</summary>
    public bool Takes(string path, string? packageSource) => KeyOf(path, packageSource) is not null;

    /// <summary>The built app (its dll) for the file as it is now, or null when it has to be built (or is not cached).</summary>
    public string? Find(string path, string? packageSource)
    {
        if (KeyOf(path, packageSource) is not { } key) return null;
        var dll = AppDll(EntryFolder(path, key), path);
        return File.Exists(dll) ? dll : null;
    }

    /// <summary>The description (one line of JSON) the app <paramref name="dll"/> gave of itself, or null before it was asked.</summary>
    public static string? Description(string dll)
    {
        try
        {
            return File.ReadAllText(Path.Combine(Path.GetDirectoryName(dll)!, DescriptionFile));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Keeps the app's description beside it (written whole, then renamed: another gryt reads all of it or none).</summary>
    public void KeepDescription(string dll, string description)
    {
        var folder = Path.GetDirectoryName(dll)!;
        var temporary = Path.Combine(folder, "." + DescriptionFile + "-" + Host.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            File.WriteAllText(temporary, description);
            File.Move(temporary, Path.Combine(folder, DescriptionFile), overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A newer build replaced the entry meanwhile, or the disk is full: the app describes itself next time.
        }
    }

    /// <summary>
    /// Builds the file into the cache unless another process did meanwhile; returns the app's dll,
    /// or null with <paramref name="onLine"/> having seen dotnet build's output when it does not build.
    /// </summary>
    public async Task<(string? Dll, int ExitCode)> BuildAsync(
        string path, string workingDirectory, string? packageSource, IRuntime runtime, Action<string> onLine, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var fileFolder = FileFolder(path);
        Directory.CreateDirectory(fileFolder);
        using var held = await LockAsync(Path.Combine(fileFolder, ".lock"), cancellationToken).ConfigureAwait(false);
        // The key is taken again under the lock: an edit while another process built is built now.
        var key = Key(path, packageSource);
        _keys[(path, packageSource)] = key;
        var entry = EntryFolder(path, key);
        if (File.Exists(AppDll(entry, path))) return (AppDll(entry, path), 0);

        var staging = Path.Combine(fileFolder, ".build-" + Host.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        var spec = new ProcessSpec("dotnet", BuildArguments(path, staging, packageSource), workingDirectory, CSharpPipelineFile.Environment(Host));
        var exitCode = await runtime.RunAsync(spec, onLine, cancellationToken).ConfigureAwait(false);
        if (exitCode != 0 || !File.Exists(AppDll(staging, path)))
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            return (null, exitCode == 0 ? 1 : exitCode);
        }

        // Older builds of this file are of sources that are gone: one entry a file.
        foreach (var old in Directory.GetDirectories(fileFolder).Where(d => !Path.GetFileName(d).StartsWith('.')))
        {
            Directory.Delete(old, recursive: true);
        }

        Directory.Move(staging, entry);
        return (AppDll(entry, path), 0);
    }

    /// <summary><c>dotnet build</c> of a file-based app into <paramref name="output"/> (see <see cref="CSharpPipelineFile.DotnetArguments"/> for the properties).</summary>
    internal static IReadOnlyList<string> BuildArguments(string path, string output, string? packageSource)
    {
        List<string> arguments = ["build", path, "-o", output, "-p:PublishAot=false", "-nologo"];
        if (!string.IsNullOrEmpty(packageSource)) arguments.Add("-p:RestoreAdditionalProjectSources=" + packageSource);
        if (CSharpPipelineFile.PinsAllPackages(path)) arguments.Add("-p:ManagePackageVersionsCentrally=false");
        return arguments;
    }

    /// <summary>The file's key, taken once an instance; null for a file the cache does not take.</summary>
    private string? KeyOf(string path, string? packageSource) =>
        _keys.GetOrAdd((path, packageSource), k => CanCache(k.Path) ? Key(k.Path, k.Source) : null);

    /// <summary>What the built app depends on, hashed: see the class summary.</summary>
    internal string Key(string path, string? packageSource)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\n"));
        Add("gryt " + GrytVersion.Current);
        Add(Path.GetFullPath(path));
        hash.AppendData(File.ReadAllBytes(path));
        for (var dir = new DirectoryInfo(Path.GetDirectoryName(Path.GetFullPath(path))!); dir is not null; dir = dir.Parent)
        {
            foreach (var name in BuildFiles)
            {
                var file = Path.Combine(dir.FullName, name);
                if (!File.Exists(file)) continue;
                Add(file);
                hash.AppendData(File.ReadAllBytes(file));
            }
        }

        foreach (var sdk in InstalledSdks()) Add("sdk " + sdk);
        if (!string.IsNullOrEmpty(packageSource) && Directory.Exists(packageSource))
        {
            foreach (var package in Directory.GetFiles(packageSource, "*.nupkg").Order(StringComparer.Ordinal))
            {
                var info = new FileInfo(package);
                Add($"feed {info.Name} {info.Length} {info.LastWriteTimeUtc.Ticks}");
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..32];
    }

    /// <summary>The SDK folders of the dotnet on the PATH (or DOTNET_ROOT): a new or removed SDK rebuilds.</summary>
    private IEnumerable<string> InstalledSdks()
    {
        var environment = Host.Environment;
        var roots = new List<string>();
        if (environment.TryGetValue("DOTNET_ROOT", out var root) && root.Length > 0) roots.Add(root);
        if (environment.TryGetValue("PATH", out var pathVariable))
        {
            foreach (var dir in pathVariable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                var dotnet = Path.Combine(dir, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
                if (!File.Exists(dotnet)) continue;
                var target = new FileInfo(dotnet).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? dotnet;
                roots.Add(Path.GetDirectoryName(target)!);
                break;
            }
        }

        return roots.Select(r => Path.Combine(r, "sdk")).Where(Directory.Exists)
            .SelectMany(sdk => Directory.GetDirectories(sdk).Select(d => sdk + "/" + Path.GetFileName(d)))
            .Order(StringComparer.Ordinal);
    }

    private string FileFolder(string path)
    {
        var full = Path.GetFullPath(path);
        var pathHash = Sha256.Of(full)[..12];
        return Path.Combine(Folder, Path.GetFileNameWithoutExtension(full) + "-" + pathHash);
    }

    private string EntryFolder(string path, string key) => Path.Combine(FileFolder(path), key);

    /// <summary>Where the app of the file is (or would be) kept.</summary>
    internal string EntryFor(string path, string? packageSource) => EntryFolder(path, KeyOf(path, packageSource) ?? Key(path, packageSource));

    private static string AppDll(string entry, string path) => Path.Combine(entry, Path.GetFileNameWithoutExtension(path) + ".dll");

    /// <summary>An exclusive lock on <paramref name="lockPath"/> (flock on Unix), waited for while another gryt builds.</summary>
    private static async Task<FileStream> LockAsync(string lockPath, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                await Task.Delay(LockPoll, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static string[] ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
