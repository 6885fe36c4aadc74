using System.Security.Cryptography;
using System.Text;
using Gryt.Git;
using Gryt.Project;

namespace Gryt.Evidence;

/// <summary>Signs a DSSE pre-authentication encoding; <see cref="Describe"/> says with what, for the promotion's output.</summary>
internal abstract class EvidenceSigner : IDisposable
{
    public abstract string KeyId { get; }

    public abstract string Describe { get; }

    public abstract byte[] Sign(byte[] pae);

    public virtual void Dispose() => GC.SuppressFinalize(this);

    /// <summary>
    /// How this user signs a project's provenance: a gryt key whose public part is in <c>.gryt/keys/</c>
    /// and whose private part this user has, else git's SSH signing setup (<c>gpg.format ssh</c> and
    /// <c>user.signingkey</c>), else nothing (unsigned).
    /// </summary>
    public static EvidenceSigner? Find(GrytProject project, GitClient git, Func<string, string?> variable)
    {
        ArgumentNullException.ThrowIfNull(git);
        if (new GrytKeys(variable).FindSigner(project) is { } gryt) return gryt;
        var config = git.ConfigValues("gpg.format", "user.signingkey", "user.email", "user.name");
        if (!string.Equals(config.GetValueOrDefault("gpg.format"), "ssh", StringComparison.OrdinalIgnoreCase) || config.GetValueOrDefault("user.signingkey") is not { Length: > 0 } key) return null;
        return new SshSigner(key, config.GetValueOrDefault("user.email") ?? config.GetValueOrDefault("user.name") ?? "git", variable);
    }
}

/// <summary>A gryt key (ECDSA P-256, SHA-256, DER signature as in Sigstore's and in-toto's ECDSA keys).</summary>
internal sealed class GrytKeySigner(string name, ECDsa key) : EvidenceSigner
{
    public override string KeyId => GrytKeys.KeyIdPrefix + name;

    public override string Describe => $"gryt key {name} ({GrytKeys.Fingerprint(key)})";

    public override byte[] Sign(byte[] pae) => key.SignData(pae, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

    public override void Dispose()
    {
        key.Dispose();
        base.Dispose();
    }
}

/// <summary>Git's SSH signing key (<c>user.signingkey</c>): <c>ssh-keygen -Y sign -n gryt-provenance</c>, the armored signature as the bytes.</summary>
internal sealed class SshSigner(string signingKey, string principal, Func<string, string?> variable) : EvidenceSigner
{
    public override string KeyId => SshSignatures.KeyIdPrefix + principal;

    public override string Describe => $"git's SSH signing key ({principal})";

    public override byte[] Sign(byte[] pae) => Encoding.UTF8.GetBytes(SshSignatures.Sign(signingKey, pae, variable));
}
