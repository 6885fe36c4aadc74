using System.Security.Cryptography;
using System.Text;
using Gryt.Git;
using Gryt.Project;

namespace Gryt.Evidence;

/// <summary>
/// The keys a release's provenance may be signed with: as committed at the release commit, never as the
/// working tree has them now (a key added later cannot vouch for an old release): <c>.gryt/keys/*.pub</c>
/// (gryt keys in PEM; an SSH public key line counts as an allowed signer named after the file) and
/// <c>.gryt/keys/allowed_signers</c>; plus the verifier's own <c>gpg.ssh.allowedSignersFile</c>.
/// </summary>
internal sealed class TrustedKeys : IDisposable
{
    public const string AllowedSignersFile = "allowed_signers";

    private readonly Dictionary<string, ECDsa> _gryt = new(StringComparer.Ordinal);

    private TrustedKeys(string allowedSigners, IReadOnlyList<string> sources)
    {
        AllowedSigners = allowedSigners;
        Sources = sources;
    }

    /// <summary>allowed_signers lines (ssh-keygen's format) from every source.</summary>
    public string AllowedSigners { get; }

    /// <summary>Where the keys came from, for the report.</summary>
    public IReadOnlyList<string> Sources { get; }

    public int Count => _gryt.Count + AllowedSigners.Split('\n', StringSplitOptions.RemoveEmptyEntries).Count(l => !l.TrimStart().StartsWith('#'));

    public static TrustedKeys At(GrytProject project, GitClient git, string commit, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(project);
        ArgumentNullException.ThrowIfNull(git);
        var folder = Path.GetRelativePath(project.Root, GrytKeys.PublicFolder(project));
        var signers = new StringBuilder();
        var sources = new List<string>();
        var gryt = new Dictionary<string, ECDsa>(StringComparer.Ordinal);
        foreach (var file in git.FilesAt(commit, folder))
        {
            var text = git.FileAt(commit, Path.Combine(folder, file)) ?? "";
            var shown = (folder + "/" + file).Replace('\\', '/');
            if (file == AllowedSignersFile)
            {
                signers.Append(text.TrimEnd('\n')).Append('\n');
                sources.Add(shown);
            }
            else if (file.EndsWith(".pub", StringComparison.Ordinal))
            {
                var name = file[..^4];
                if (GrytKeys.ReadPublic(text) is { } key)
                {
                    gryt[name] = key;
                    sources.Add(shown);
                }
                else if (text.TrimStart().StartsWith("ssh-", StringComparison.Ordinal) || text.TrimStart().StartsWith("ecdsa-", StringComparison.Ordinal))
                {
                    signers.Append(name).Append(' ').Append(text.Trim().Split('\n')[0]).Append('\n');
                    sources.Add(shown);
                }
            }
        }

        if (git.ConfigValue("gpg.ssh.allowedSignersFile") is { Length: > 0 } own)
        {
            var path = own.StartsWith("~/", StringComparison.Ordinal) && variable("HOME") is { } home ? Path.Combine(home, own[2..]) : own;
            if (File.Exists(path))
            {
                signers.Append(File.ReadAllText(path).TrimEnd('\n')).Append('\n');
                sources.Add(path + " (gpg.ssh.allowedSignersFile)");
            }
        }

        var trusted = new TrustedKeys(signers.ToString(), sources);
        foreach (var (name, key) in gryt) trusted._gryt[name] = key;
        return trusted;
    }

    /// <summary>Who signed <paramref name="envelope"/> among the trusted keys, or null with why not.</summary>
    public (string? Signer, string Said) Verify(DsseEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.Signatures.Count == 0) return (null, "unsigned: the provenance has no signature");
        var pae = envelope.Pae();
        var said = "signed by a key not in .gryt/keys at the release commit";
        foreach (var signature in envelope.Signatures)
        {
            if (signature.KeyId.StartsWith(SshSignatures.KeyIdPrefix, StringComparison.Ordinal))
            {
                if (AllowedSigners.Trim().Length == 0)
                {
                    said = "signed with an SSH key, and no allowed signers are trusted (.gryt/keys/allowed_signers at the release commit, or gpg.ssh.allowedSignersFile)";
                    continue;
                }

                var (principal, why) = SshSignatures.Verify(AllowedSigners, Encoding.UTF8.GetString(signature.Sig), pae);
                if (principal is not null) return ($"SSH key of {principal}", "verified");
                said = why;
                continue;
            }

            // Try the key the signature names first; the name is only a hint, the signature decides.
            var named = signature.KeyId.StartsWith(GrytKeys.KeyIdPrefix, StringComparison.Ordinal) ? signature.KeyId[GrytKeys.KeyIdPrefix.Length..] : null;
            foreach (var (name, key) in _gryt.OrderBy(k => k.Key == named ? 0 : 1))
            {
                if (key.VerifyData(pae, signature.Sig, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)) return ($"gryt key {name} ({GrytKeys.Fingerprint(key)})", "verified");
            }

            said = named is not null && _gryt.ContainsKey(named)
                ? $"the signature does not match the signed statement under gryt key {named}: the provenance was edited"
                : $"signed by {(named is null ? "an unknown key" : "gryt key " + named)}, which is not in .gryt/keys at the release commit";
        }

        return (null, said);
    }

    public void Dispose()
    {
        foreach (var key in _gryt.Values) key.Dispose();
    }
}
