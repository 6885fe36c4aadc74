namespace Gryt.Processes;

/// <summary>What a captured process wrote and how it ended; a timed-out process was killed and has no exit code.</summary>
internal sealed record CapturedOutput(int ExitCode, string Output, string Error, bool TimedOut = false)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;
}
