namespace Gryt;

/// <summary>A process to start: an argument list (never a string spliced into a shell), its folder and environment.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment);

/// <summary>
/// Where steps' processes run. <c>ProcessRuntime</c> (Pipelines/) runs them on this machine; cancelling
/// the token kills the whole process tree.
/// </summary>
public interface IRuntime
{
    /// <summary>Runs the process to its end, passing each line of stdout and stderr (merged, in order seen) to <paramref name="onLine"/>.</summary>
    Task<int> RunAsync(ProcessSpec spec, Action<string> onLine, CancellationToken cancellationToken);
}
