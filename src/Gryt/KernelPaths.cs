namespace Gryt;

/// <summary>
/// Devices and kernel files (<c>/dev</c>, <c>/proc</c>, <c>/sys</c>): never a database nor an output
/// file. Decided by path, before anything opens them: SQLite's locks on <c>/dev/null</c> are shared by
/// every process on the machine, so opening one can report "locked" instead of "not a database".
/// </summary>
internal static class KernelPaths
{
    private static readonly string[] Folders = ["/dev", "/proc", "/sys"];

    public static bool Contains(string fullPath) =>
        !OperatingSystem.IsWindows() && Folders.Any(folder =>
            string.Equals(Path.TrimEndingDirectorySeparator(fullPath), folder, StringComparison.Ordinal)
            || fullPath.StartsWith(folder + "/", StringComparison.Ordinal));
}
