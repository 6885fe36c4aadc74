namespace Gryt.Steps;

/// <summary>
/// Which files a tool wrote during a step: a snapshot of a folder (names and write times) before
/// the run, compared after it. No clock is involved, so it works whatever the machine's time.
/// </summary>
internal sealed class NewFiles
{
    private readonly string _folder;
    private readonly string _pattern;
    private readonly Dictionary<string, DateTime> _before;

    public NewFiles(string folder, string pattern)
    {
        _folder = folder;
        _pattern = pattern;
        _before = Scan().ToDictionary(f => f.FullName, f => f.LastWriteTimeUtc, StringComparer.Ordinal);
    }

    private IEnumerable<FileInfo> Scan() =>
        Directory.Exists(_folder)
            ? new DirectoryInfo(_folder).EnumerateFiles(_pattern, SearchOption.AllDirectories)
            : [];

    /// <summary>Files created or rewritten since the snapshot, sorted by path.</summary>
    public IReadOnlyList<string> Written() =>
        [.. Scan()
            .Where(f => !_before.TryGetValue(f.FullName, out var time) || time != f.LastWriteTimeUtc)
            .Select(f => f.FullName)
            .Order(StringComparer.Ordinal)];
}
