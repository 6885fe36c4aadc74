using Gryt.Evidence.Locks;
using Gryt.Git;

namespace Gryt.Evidence;

/// <summary>
/// The packages a project's lock files pin, for its SBOM: every lock file under the project folder
/// (not in hidden folders, <c>node_modules</c>, <c>bin</c>, <c>target</c>, <c>vendor</c>, virtual environments
/// or <c>testdata</c>/<c>TestData</c>: test fixtures, as Go's own tools ignore them), each read by its ecosystem's reader, merged by purl and sorted. A lock file that
/// cannot be parsed is an <see cref="InvalidFileException"/> at file:line:column: an SBOM that
/// silently missed a project's packages would be worse than none.
/// </summary>
internal sealed record LockInventory(IReadOnlyList<SbomComponent> Components, IReadOnlyList<string> Direct, IReadOnlyList<string> LockFiles, IReadOnlyList<string> Warnings)
{
    private const int MaxDepth = 8;
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "node_modules", "bin", "target", "vendor", "venv", "__pycache__", "site-packages" };

    /// <summary>Reads the lock files under <paramref name="root"/>; paths in results and errors are relative to it.</summary>
    public static LockInventory Read(string root)
    {
        var reads = new List<(string Shown, LockRead Read)>();
        foreach (var path in Find(root))
        {
            var shown = Path.GetRelativePath(root, path).Replace('\\', '/');
            var read = Reader(Path.GetFileName(path))(path, shown);
            reads.Add((shown, read with { Components = [.. read.Components.Select(c => c with { Properties = [.. c.Properties, new("gryt:lock", shown)] })] }));
        }

        var components = reads.SelectMany(r => r.Read.Components)
            .GroupBy(c => c.Purl, StringComparer.Ordinal)
            .Select(Merge)
            .OrderBy(c => c.Purl, StringComparer.Ordinal)
            .ToList();
        var warnings = reads.SelectMany(r => r.Read.Warnings).ToList();
        if (reads.Count == 0) warnings.Add("no lock file found (package-lock.json, packages.lock.json, obj/project.assets.json, go.sum, uv.lock, poetry.lock, requirements*.txt, Cargo.lock): the SBOM lists no components");
        var direct = reads.SelectMany(r => r.Read.Direct ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return new LockInventory(components, direct, [.. reads.Select(r => r.Shown)], warnings);
    }

    /// <summary>
    /// Reads the lock files as committed in <paramref name="commit"/>, so what the working tree holds (a lock edited
    /// and not committed, a new one not added) cannot change a release's SBOM; one that <c>.gitattributes</c> keeps out
    /// of archives (<c>export-ignore</c>) still pins what the release was built with, so it counts. A .NET project's <c>obj/project.assets.json</c>
    /// is build output that git does not keep: it is read from the working tree, for the projects the commit has
    /// (beside a committed <c>.csproj</c>, <c>.fsproj</c> or <c>.vbproj</c>) that commit no <c>packages.lock.json</c>.
    /// </summary>
    public static LockInventory ReadAt(GitClient git, string root, string commit)
    {
        ArgumentNullException.ThrowIfNull(git);
        var committed = git.RegularFilesAt(commit) ?? throw new GrytEnvironmentException($"git cannot list the files of commit {commit[..Math.Min(12, commit.Length)]}");
        var locks = committed.Where(p => p.Split('/') is var parts && (IsLock(parts[^1]) || parts[^1] == "go.mod")).ToList();
        var copy = Directory.CreateTempSubdirectory("gryt-locks-");
        try
        {
            var here = locks.Count > 0 ? git.CheckoutFiles(commit, locks, copy.FullName) : copy.FullName;

            // Of the projects the commit has: restore writes obj/ beside the project file.
            foreach (var folder in committed.Where(IsDotnetProject).Select(p => p.Contains('/', StringComparison.Ordinal) ? p[..p.LastIndexOf('/')] : "").Distinct(StringComparer.Ordinal))
            {
                var assets = Path.Combine(root, folder, "obj", "project.assets.json");
                if (!File.Exists(assets)) continue;
                var target = Path.Combine(here, folder, "obj", "project.assets.json");
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(assets, target);
            }

            return Read(here);
        }
        finally
        {
            copy.Delete(recursive: true);
        }
    }

    private static Func<string, string, LockRead> Reader(string fileName) => fileName switch
    {
        "packages.lock.json" => NuGetLocks.PackagesLock,
        "project.assets.json" => NuGetLocks.Assets,
        "package-lock.json" => NpmLock.Read,
        "go.sum" => GoSum.Read,
        "uv.lock" => PythonLocks.Uv,
        "poetry.lock" => PythonLocks.Poetry,
        "Cargo.lock" => CargoLock.Read,
        _ => PythonLocks.Requirements,
    };

    private static bool IsDotnetProject(string path) =>
        path.EndsWith(".csproj", StringComparison.Ordinal) || path.EndsWith(".fsproj", StringComparison.Ordinal) || path.EndsWith(".vbproj", StringComparison.Ordinal);

    private static bool IsLock(string fileName) => fileName is "packages.lock.json" or "package-lock.json" or "go.sum" or "uv.lock" or "poetry.lock" or "Cargo.lock"
        || (fileName.StartsWith("requirements", StringComparison.Ordinal) && fileName.EndsWith(".txt", StringComparison.Ordinal));

    /// <summary>Lock files in a stable order. A .NET project's <c>obj/project.assets.json</c> counts only when the
    /// project keeps no <c>packages.lock.json</c> (both say the same; the lock is the committed one).</summary>
    private static List<string> Find(string root)
    {
        var found = new List<string>();
        var folders = new Stack<(string Path, int Depth)>();
        folders.Push((root, 0));
        while (folders.Count > 0)
        {
            var (folder, depth) = folders.Pop();
            string[] files, children;
            try
            {
                files = Directory.GetFiles(folder);
                children = Directory.GetDirectories(folder);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            found.AddRange(files.Where(f => IsLock(Path.GetFileName(f))));
            var assets = Path.Combine(folder, "obj", "project.assets.json");
            if (File.Exists(assets) && !File.Exists(Path.Combine(folder, "packages.lock.json"))) found.Add(assets);
            if (depth >= MaxDepth) continue;
            foreach (var child in children)
            {
                var name = Path.GetFileName(child);
                if (name.StartsWith('.') || name == "obj" || Skipped.Contains(name) || name.Equals("testdata", StringComparison.OrdinalIgnoreCase)) continue;
                folders.Push((child, depth + 1));
            }
        }

        return [.. found.Order(StringComparer.Ordinal)];
    }

    /// <summary>One component from the locks that name the same purl: hashes, properties and dependencies united;
    /// the widest scope wins (a package a project needs at run time is required even if another uses it only in development).</summary>
    private static SbomComponent Merge(IGrouping<string, SbomComponent> same)
    {
        var first = same.First();
        var scopes = same.Select(c => c.Scope).ToList();
        return first with
        {
            Scope = scopes.Contains(null) ? null : scopes.Contains("required") ? "required" : scopes.Contains("optional") ? "optional" : "excluded",
            Hashes = [.. same.SelectMany(c => c.Hashes).Distinct().OrderBy(h => h.Algorithm, StringComparer.Ordinal).ThenBy(h => h.Content, StringComparer.Ordinal)],
            Properties = [.. same.SelectMany(c => c.Properties).Distinct().OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)],
            DependsOn = [.. same.SelectMany(c => c.DependsOn).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
        };
    }
}
