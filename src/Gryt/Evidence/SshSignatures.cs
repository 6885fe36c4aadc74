using System.Text;
using Gryt.Processes;

namespace Gryt.Evidence;

/// <summary>
/// SSH signatures made and checked by <c>ssh-keygen -Y</c> (the program <c>git tag -s</c> uses with
/// <c>gpg.format ssh</c>), in gryt's own namespace so a provenance signature is never taken for a git one.
/// </summary>
internal static class SshSignatures
{
    public const string Namespace = "gryt-provenance";
    public const string KeyIdPrefix = "ssh:";
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Signs <paramref name="data"/> with <paramref name="signingKey"/> as git reads <c>user.signingkey</c>: a key file
    /// (a public key's private part may be in ssh-agent), <c>~/</c> expanded, or a literal <c>key::ssh-… AAAA…</c>.
    /// </summary>
    public static string Sign(string signingKey, byte[] data, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(signingKey);
        using var scratch = new Scratch();
        string keyFile;
        if (signingKey.StartsWith("key::", StringComparison.Ordinal)) keyFile = scratch.Write("key.pub", signingKey["key::".Length..] + "\n");
        else if (signingKey.StartsWith("ssh-", StringComparison.Ordinal) || signingKey.StartsWith("ecdsa-", StringComparison.Ordinal)) keyFile = scratch.Write("key.pub", signingKey + "\n");
        else keyFile = signingKey.StartsWith("~/", StringComparison.Ordinal) && variable("HOME") is { } home ? Path.Combine(home, signingKey[2..]) : signingKey;

        var result = Run(["-Y", "sign", "-f", keyFile, "-n", Namespace], data);
        if (!result.Succeeded || !result.Output.Contains("-----BEGIN SSH SIGNATURE-----", StringComparison.Ordinal))
        {
            throw new GrytEnvironmentException($"ssh-keygen could not sign the provenance with {signingKey}: {FirstLine(result)}",
                "check git config user.signingkey (a key file, or a public key whose private part is in ssh-agent), or unset gpg.format to promote unsigned");
        }

        return result.Output;
    }

    /// <summary>The principal of <paramref name="allowedSigners"/> whose key made <paramref name="signature"/> over <paramref name="data"/>, or null with why not.</summary>
    public static (string? Principal, string Said) Verify(string allowedSigners, string signature, byte[] data)
    {
        using var scratch = new Scratch();
        var signers = scratch.Write("allowed_signers", allowedSigners);
        var signatureFile = scratch.Write("provenance.sig", signature);
        var found = Run(["-Y", "find-principals", "-s", signatureFile, "-f", signers], default);
        if (!found.Succeeded) return (null, "signed by an SSH key that no trusted allowed signer has");
        foreach (var principal in found.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Run(["-Y", "verify", "-f", signers, "-I", principal, "-n", Namespace, "-s", signatureFile], data).Succeeded) return (principal, "verified");
        }

        return (null, "the SSH signature does not match the signed statement");
    }

    private static CapturedOutput Run(IReadOnlyList<string> arguments, ReadOnlyMemory<byte> input)
    {
        try
        {
            return ChildProcess.Capture(new ProcessCommand("ssh-keygen", arguments) { Input = input }, Limit);
        }
        catch (ProcessStartException ex)
        {
            throw new GrytEnvironmentException("ssh-keygen is not installed or not on PATH", "install OpenSSH (openssh-client) to sign or verify with SSH keys", ex);
        }
    }

    private static string FirstLine(CapturedOutput result) =>
        result.TimedOut ? "timed out" : (result.Error + "\n" + result.Output).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? $"exit {result.ExitCode}";

    /// <summary>A private temp folder for the files ssh-keygen reads, removed afterwards.</summary>
    private sealed class Scratch : IDisposable
    {
        private readonly string _folder = Directory.CreateTempSubdirectory("gryt-ssh-").FullName;

        public string Write(string name, string text)
        {
            var path = Path.Combine(_folder, name);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return path;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(_folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
