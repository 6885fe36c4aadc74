namespace Gryt.Processes;

/// <summary>The program could not be started: not installed, not on PATH, not executable.</summary>
internal sealed class ProcessStartException(string fileName, Exception inner)
    : GrytEnvironmentException($"cannot start {fileName}: {inner.Message}", null, inner)
{
    public string FileName { get; } = fileName;
}
