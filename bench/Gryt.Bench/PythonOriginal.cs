using System.Globalization;

namespace Gryt.Bench;

/// <summary>
/// The Python original (EpykLab/gryt-ci) is not installable here (no PyPI on this machine, no Debian
/// package), so its row is the figure issue 16 measured on the same machine class, printed beside
/// gryt's and labelled as such rather than timed again.
/// </summary>
internal static class PythonOriginal
{
    public static void Print(string work, string figure, List<string> report)
    {
        Console.WriteLine($"Python original, {work}: {figure} (issue 16's measurement; not installed on this machine)");
        report.Add(string.Create(CultureInfo.InvariantCulture, $"| Python original: {work} (issue 16's figure, not run here) | {figure} | | | | |"));
    }
}
