using System.Text;

namespace Gryt.Dashboard;

/// <summary>
/// The last lines of a step's log while the step runs: the runner writes each line to the file as
/// it comes (already masked), so reading its end shows the output growing.
/// </summary>
internal static class StepLogTail
{
    private const int MaxBytes = 16 * 1024;

    /// <summary>Up to <paramref name="lines"/> last complete or partial lines; empty when the file is missing or unreadable.</summary>
    public static IReadOnlyList<string> Read(string path, int lines)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var start = Math.Max(0, stream.Length - MaxBytes);
            stream.Position = start;
            var buffer = new byte[stream.Length - start];
            stream.ReadExactly(buffer);
            var text = Encoding.UTF8.GetString(buffer);
            // A cut in the middle of the first line (or of a UTF-8 sequence) is dropped.
            if (start > 0 && text.IndexOf('\n', StringComparison.Ordinal) is var cut and >= 0) text = text[(cut + 1)..];
            return Last(text, lines);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/> (a stored output tail).</summary>
    public static IReadOnlyList<string> Last(string text, int lines)
    {
        var all = text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n');
        if (all is [""]) return [];
        return all.Length <= lines ? all : all[^lines..];
    }
}
