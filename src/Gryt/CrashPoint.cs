using System.Diagnostics;

namespace Gryt;

/// <summary>
/// Test-only fault injection (docs/development.md): with <c>GRYT_TEST_CRASH_AT=POINT</c> the
/// process kills itself with SIGKILL when it reaches POINT, so tests can show what survives a
/// kill -9 at exactly that moment. Unset, it costs one string comparison.
/// </summary>
internal static class CrashPoint
{
    private static readonly string? Target = Environment.GetEnvironmentVariable("GRYT_TEST_CRASH_AT");

    public static void Reach(string point)
    {
        if (Target is null || !string.Equals(Target, point, StringComparison.Ordinal)) return;
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }
}
