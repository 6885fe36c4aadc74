namespace Gryt.Project;

/// <summary>
/// The one guard for files gryt writes where the user says (<c>-o/--output</c>, and the files
/// <c>gen-test</c> and <c>init --ci</c> write): the path is resolved the way the kernel will resolve
/// it (every symbolic link and <c>..</c>), and it may not be gryt's database or its sidecars
/// (wherever <c>GRYT_DB</c> points), anything else under <c>.gryt/</c> (snapshots, contracts,
/// pipelines, release records), anything under a <c>.git</c> folder, a folder or a device. Files are
/// written to a temporary name beside the target and renamed, so a failed write leaves no half file.
/// See docs/reliability.md.
/// </summary>
internal static class OutputFile
{
    private const int MaxSymbolicLinks = 40;

    private static readonly string[] DatabaseSidecars = ["", "-wal", "-shm", "-journal"];


    private static StringComparison PathComparison =>
        OperatingSystem.IsLinux() ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>
    /// Checks that <paramref name="path"/> (relative to <paramref name="workingDirectory"/>) may be written
    /// and returns its resolved full path (links followed), the file to write. <paramref name="ownFolder"/> is a folder under <c>.gryt/</c> the command
    /// writes into by design (gen-test's pipelines); its files may be replaced, nothing else there.
    /// </summary>
    /// <exception cref="InvalidInputException">The path is empty, a folder, not a regular file, or gryt's state.</exception>
    public static string Check(GrytProject? project, string? path, string workingDirectory, string? databasePath = null, string? ownFolder = null)
    {
        ArgumentNullException.ThrowIfNull(workingDirectory);
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidInputException("the output path is empty", "name a file, e.g. -o report.html");
        var shown = SemanticVersion.Printable(path);
        var combined = Path.Combine(workingDirectory, path);
        if (EndsInSeparator(path)) throw Folder(shown);
        var full = Path.GetFullPath(combined);
        var real = RealPath(combined);
        if (Directory.Exists(real)) throw Folder(shown);
        if (IsSpecial(real))
        {
            throw new InvalidInputException($"refusing to write {shown}: it is not a regular file", "write the output to a file");
        }

        var databases = new List<string>();
        if (project is not null) databases.Add(project.DatabasePath);
        if (databasePath is not null) databases.Add(databasePath);
        foreach (var database in databases.Distinct(StringComparer.Ordinal))
        {
            foreach (var suffix in DatabaseSidecars)
            {
                if (Same(real, RealPath(database + suffix)) || Same(full, Path.GetFullPath(database + suffix)))
                {
                    throw State(shown, suffix.Length == 0 ? "it is gryt's database" : $"it is the database's {suffix.TrimStart('-')} file");
                }
            }
        }

        if (project is not null)
        {
            var state = RealPath(project.GrytFolder);
            var own = ownFolder is null ? null : RealPath(ownFolder);
            var inOwn = own is not null && Under(real, own) && !Same(real, own) && Same(RealPath(Path.GetDirectoryName(real)!), own);
            if (Under(real, state) && !inOwn) throw State(shown, $"it is inside {GrytProject.FolderName}/, which holds gryt's state (snapshots, contracts, pipelines, releases)");
        }

        if (Components(real).Any(c => c.Equals(".git", StringComparison.OrdinalIgnoreCase)))
        {
            throw State(shown, "it is inside a .git folder, which belongs to git");
        }

        // The resolved path is what was checked, so it is what gets written (a lexical `..` after a link would name another file).
        var folder = Path.GetDirectoryName(real)!;
        if (!Directory.Exists(folder)) throw new InvalidInputException($"cannot write {shown}: folder {Path.GetDirectoryName(full)} does not exist");
        return real;
    }

    /// <summary>
    /// Writes <paramref name="fullPath"/> through a temporary file in the same folder, flushed to disk and
    /// renamed over the target: readers see the old file or the whole new one, and a failure (a full
    /// disk) leaves neither a half file nor the temporary one.
    /// </summary>
    /// <exception cref="GrytEnvironmentException">The disk is full or the folder cannot be written.</exception>
    public static void Write(string fullPath, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(fullPath);
        ArgumentNullException.ThrowIfNull(write);
        var folder = Path.GetDirectoryName(fullPath)!;
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(file);
                file.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new GrytEnvironmentException($"cannot write {fullPath}: {Reason(ex)}", "free disk space or choose another folder; nothing was written", ex);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>Writes text (UTF-8, no byte order mark) with <see cref="Write(string, Action{Stream})"/>.</summary>
    public static void WriteText(string fullPath, string text) =>
        Write(fullPath, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 64 * 1024, leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>
    /// The path with every symbolic link resolved and <c>.</c>/<c>..</c> applied after each link, as
    /// realpath(3) does; the part that does not exist yet is kept as written.
    /// </summary>
    internal static string RealPath(string path)
    {
        var root = Path.GetPathRoot(path);
        if (string.IsNullOrEmpty(root)) throw new ArgumentException("the path must be rooted", nameof(path));
        var pending = new Stack<string>();
        Push(pending, path[root.Length..]);
        var current = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }

            var next = Path.Join(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                target = null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++links > MaxSymbolicLinks) throw new InvalidInputException($"cannot write {path}: too many levels of symbolic links");
            if (Path.GetPathRoot(target) is { Length: > 0 } targetRoot)
            {
                current = targetRoot;
                Push(pending, target[targetRoot.Length..]);
            }
            else
            {
                Push(pending, target);
            }
        }

        return current;
    }

    private static void Push(Stack<string> pending, string relative)
    {
        var parts = relative.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);
        for (var i = parts.Length - 1; i >= 0; i--) pending.Push(parts[i]);
    }

    private static string[] Components(string path) =>
        path.Split([Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar], StringSplitOptions.RemoveEmptyEntries);

    private static bool EndsInSeparator(string path) => path[^1] == Path.DirectorySeparatorChar || path[^1] == Path.AltDirectorySeparatorChar;

    private static bool Same(string a, string b) => string.Equals(Path.TrimEndingDirectorySeparator(a), Path.TrimEndingDirectorySeparator(b), PathComparison);

    private static bool Under(string path, string folder)
    {
        var prefix = Path.TrimEndingDirectorySeparator(folder);
        return Same(path, prefix) || path.StartsWith(prefix + Path.DirectorySeparatorChar, PathComparison);
    }

    /// <summary>Devices and kernel files: renaming over <c>/dev/null</c> as root would replace it.</summary>
    private static bool IsSpecial(string path) => KernelPaths.Contains(path);

    private static InvalidInputException Folder(string shown) =>
        new($"{shown} is a folder, not a file", $"name a file in it, e.g. {shown.TrimEnd('/', '\\')}/report.html");

    private static InvalidInputException State(string shown, string why) =>
        new($"refusing to write {shown}: {why}", "write the output somewhere else, e.g. -o report.html in the project folder");

    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => "permission denied",
        IOException io when io.HResult == 28 || io.HResult == unchecked((int)0x80070070) || io.Message.Contains("No space left", StringComparison.OrdinalIgnoreCase) => "the disk is full",
        _ => ex.Message.ReplaceLineEndings(" "),
    };

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the temporary name starts with a dot and ends in .tmp, so it is recognisable.
        }
    }
}
