namespace Gryt.Processes;

/// <summary>
/// A program to start with an argument list (never a line spliced into a shell), its folder,
/// its environment and what it reads on stdin.
/// </summary>
internal sealed record ProcessCommand(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>Null: this process's current folder.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Variables added to the inherited environment, or the whole environment when <see cref="InheritEnvironment"/> is false.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>False for steps: they get exactly the environment the runner built from the host, nothing of gryt's own.</summary>
    public bool InheritEnvironment { get; init; } = true;

    /// <summary>Written to stdin, which is then closed; stdin is closed at once when there is none.</summary>
    public ReadOnlyMemory<byte> Input { get; init; }

    /// <summary>
    /// Called after the process tree is killed (cancelled, timed out): kills what left the tree
    /// (setsid, daemons), which only the caller knows how to find.
    /// </summary>
    public Action? AlsoKill { get; init; }
}
