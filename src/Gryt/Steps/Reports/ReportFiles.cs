namespace Gryt.Steps.Reports;

/// <summary>
/// Expands one entry of a step's <c>reports:</c> into files: a path names one file, a glob
/// (<c>out/**/*.xml</c>, <c>coverage.cobertura.*.xml</c>: <c>**</c> any folders, <c>*</c> and
/// <c>?</c> within a name) the files it matches, and a folder (<c>TestResults/</c>) the report
/// files anywhere in it. Test tools name files by timestamp or GUID, so globs and folders are how
/// users name them. The glob syntax is <see cref="FileGlob.ToRegex"/>, shared with publish steps (whose patterns must match).
/// </summary>
internal static class ReportFiles
{
    // What JUnit, TRX, Cobertura and LCOV files are called; a folder also holds logs and binaries.
    private static readonly string[] ReportExtensions = [".xml", ".trx", ".info", ".lcov"];

    /// <summary>The files <paramref name="entry"/> names, sorted; empty when there are none.</summary>
    public static IReadOnlyList<string> Expand(string entry, string workingDirectory) =>
        FileGlob.Find(entry, workingDirectory, f => ReportExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase));
}
