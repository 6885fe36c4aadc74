using System.Diagnostics;

namespace Gryt;

/// <summary>
/// Test-only fault injection (docs/development.md): when <c>GRYT_TEST_CRASH_AT</c> names a point,
/// gryt kills itself with SIGKILL there, so tests can show that every state a crash leaves behind
/// is recovered. The one place the variable is read.
/// </summary>
internal static class CrashPoint
{
    public const string Variable = "GRYT_TEST_CRASH_AT";

    private static readonly string? Armed = Environment.GetEnvironmentVariable(Variable);

    public static void Reach(string point)
    {
        if (Armed is not null && string.Equals(Armed, point, StringComparison.Ordinal))
        {
            using var self = Process.GetCurrentProcess();
            self.Kill(); // SIGKILL on Unix: no finally blocks, no flushing, like kill -9
        }
    }
}
