using System.Diagnostics;
using System.Text;

namespace Gryt.Git;

/// <summary>
/// The git operations release tags need: resolve a commit, list and create annotated tags.
/// git runs with argument lists, never through a shell, so versions and messages are inert.
/// </summary>
public sealed class GitTags(string repositoryRoot)
{
    public bool IsRepository => Run(["rev-parse", "--git-dir"]).ExitCode == 0;

    /// <summary>The full commit sha a ref names, or null.</summary>
    public string? ResolveCommit(string reference)
    {
        var (code, output, _) = Run(["rev-parse", "--verify", "--quiet", reference + "^{commit}"]);
        return code == 0 ? output.Trim() : null;
    }

    public bool TagExists(string tag) => Run(["rev-parse", "--verify", "--quiet", "refs/tags/" + tag]).ExitCode == 0;

    /// <summary>Tags matching a glob, e.g. <c>v2.1.0-rc.*</c>.</summary>
    public IReadOnlyList<string> ListTags(string pattern)
    {
        var (code, output, _) = Run(["tag", "--list", pattern]);
        return code == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
    }

    /// <summary>Creates an annotated tag; an existing tag is a conflict, never moved.</summary>
    public void CreateAnnotatedTag(string tag, string commit, string message)
    {
        if (TagExists(tag)) throw new ConflictException($"git tag {tag} already exists", "gryt never moves a tag; delete it yourself if it is wrong");
        var (code, _, error) = Run(["tag", "--annotate", "--file=-", "--", tag, commit], message);
        if (code != 0)
        {
            throw new GrytEnvironmentException($"git could not create tag {tag}: {FirstLine(error)}",
                error.Contains("user.email", StringComparison.Ordinal) || error.Contains("identity", StringComparison.Ordinal)
                    ? "set git config user.name and user.email" : null);
        }
    }

    private (int ExitCode, string Output, string Error) Run(IReadOnlyList<string> arguments, string? input = null)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = repositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = input is not null,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            using var process = Process.Start(start) ?? throw new GrytEnvironmentException("could not start git");
            if (input is not null)
            {
                process.StandardInput.Write(input);
                process.StandardInput.Close();
            }

            var error = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output, error.Result);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new GrytEnvironmentException("git is not installed or not on PATH", "install git: evolutions and promotion create git tags", ex);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "unknown error";
}
