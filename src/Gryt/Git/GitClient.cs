using System.ComponentModel;
using System.Diagnostics;

namespace Gryt.Git;

/// <summary>
/// Asks git about a working tree, with argument lists. Outside a repository or without git
/// installed the answers are null/false: a run is still possible, it just names no commit.
/// </summary>
internal sealed class GitClient(string directory)
{
    /// <summary>The full sha of HEAD, or null (no git, not a repository, no commit yet).</summary>
    public string? HeadCommit() => Run("rev-parse", "--verify", "--quiet", "HEAD^{commit}");

    /// <summary>The repository's top folder, or null.</summary>
    public string? TopLevel() => Run("rev-parse", "--show-toplevel");

    /// <summary>Whether tracked files have uncommitted changes (untracked files do not count).</summary>
    public bool IsDirty() => Run("status", "--porcelain", "--untracked-files=no") is { Length: > 0 };

    private string? Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        // Never prompt, never page: this is a query.
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_OPTIONAL_LOCKS"] = "0";
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            process.StandardInput.Close();
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            _ = errors.Result;
            return process.ExitCode == 0 ? output : null;
        }
        catch (Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
