using System.Collections;
using Gryt.Git;

namespace Gryt;

/// <summary>
/// What a library operation would otherwise read from the process it runs in: the working
/// folder, the machine name and process id (recorded on runs, to tell a dead run from a live
/// one), the environment steps inherit, and how git is reached. <see cref="Current"/> is this
/// process; a host or a test passes another, as it passes a clock.
/// </summary>
public sealed record GrytHost
{
    public required string WorkingDirectory { get; init; }

    public required string MachineName { get; init; }

    public required int ProcessId { get; init; }

    public required IReadOnlyDictionary<string, string> Environment { get; init; }

    /// <summary>The git client of a folder.</summary>
    internal Func<string, GitClient> Git { get; init; } = static folder => new GitClient(folder);

    /// <summary>This process, as it is now.</summary>
    public static GrytHost Current => new()
    {
        WorkingDirectory = Directory.GetCurrentDirectory(),
        MachineName = System.Environment.MachineName,
        ProcessId = System.Environment.ProcessId,
        Environment = ProcessEnvironment(),
    };

    internal static Dictionary<string, string> ProcessEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string key && entry.Value is string value) environment[key] = value;
        }

        return environment;
    }
}
