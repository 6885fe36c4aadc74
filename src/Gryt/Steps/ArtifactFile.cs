namespace Gryt.Steps;

/// <summary>
/// A file a step produced, as <c>data_rows</c> records it: the path relative to the repository root
/// ('/'-separated; absolute when the file lies outside it), the size in bytes and the SHA-256 of the
/// content at the moment it is recorded.
/// </summary>
internal sealed record ArtifactFile(string Path, long Size, string Sha256)
{
    /// <summary>Reads <paramref name="path"/> (relative to <paramref name="workingDirectory"/>); a missing file is an <see cref="InvalidInputException"/>.</summary>
    public static ArtifactFile Of(string repositoryRoot, string workingDirectory, string path)
    {
        var full = System.IO.Path.GetFullPath(path, workingDirectory);
        if (!File.Exists(full)) throw new InvalidInputException($"artifact {path} does not exist");
        var relative = System.IO.Path.GetRelativePath(repositoryRoot, full);
        var shown = relative == ".." || relative.StartsWith(".." + System.IO.Path.DirectorySeparatorChar, StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative)
            ? full
            : relative;
        return new ArtifactFile(shown.Replace('\\', '/'), new FileInfo(full).Length, Gryt.Sha256.OfFile(full));
    }
}
