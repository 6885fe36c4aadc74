using System.Diagnostics;

namespace Gryt.Git;

/// <summary>Who is acting, for the audit trail: the git user of the repository if set.</summary>
public static class GitIdentity
{
    /// <summary>"Name &lt;email&gt;" from git config in <paramref name="directory"/>, or null when git or the settings are missing.</summary>
    public static string? Find(string directory)
    {
        var name = GitConfig(directory, "user.name");
        var email = GitConfig(directory, "user.email");
        return (name, email) switch
        {
            (null, null) => null,
            (_, null) => name,
            (null, _) => email,
            _ => $"{name} <{email}>",
        };
    }

    private static string? GitConfig(string directory, string key)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("config");
        start.ArgumentList.Add("--get");
        start.ArgumentList.Add(key);
        try
        {
            using var process = Process.Start(start);
            if (process is null) return null;
            var value = process.StandardOutput.ReadToEnd().Trim();
            process.WaitForExit();
            return process.ExitCode == 0 && value.Length > 0 ? value : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // git is not installed
        }
    }
}
