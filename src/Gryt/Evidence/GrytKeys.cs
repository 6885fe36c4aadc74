using System.Security.Cryptography;
using Gryt.Project;
using Gryt.Sync;

namespace Gryt.Evidence;

/// <summary>What <c>gryt key generate</c> wrote: the public key to commit and the private key kept in the user's config folder.</summary>
internal sealed record GeneratedKey(string Name, string PublicKeyPath, string PrivateKeyPath, string Fingerprint);

/// <summary>
/// gryt's own signing keys for provenance: ECDSA P-256. The private key is PKCS#8 PEM in the user's
/// config folder (<c>~/.config/gryt/keys/NAME.pem</c>, mode 0600, found as sync credentials are:
/// <see cref="Credentials.UserFolder"/>); the public key is SubjectPublicKeyInfo PEM in
/// <c>.gryt/keys/NAME.pub</c>, committed, so a clone trusts what the release commit holds.
/// </summary>
internal sealed class GrytKeys(Func<string, string?> variable)
{
    public const string KeyIdPrefix = "gryt-key:";

    public string PrivateFolder => Path.Combine(Credentials.UserFolder(variable), "keys");

    public static string PublicFolder(GrytProject project)
    {
        ArgumentNullException.ThrowIfNull(project);
        return Path.Combine(project.GrytFolder, "keys");
    }

    public string PrivateKeyPath(string name) => Path.Combine(PrivateFolder, name + ".pem");

    /// <summary>The name <c>gryt key generate</c> gives a key when none is asked for: the user's login name
    /// with what a key name cannot hold left out, else <c>release</c>.</summary>
    public string DefaultName()
    {
        var user = variable("USER") ?? variable("USERNAME") ?? "";
        var cleaned = new string(user.Where(ch => char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-').ToArray()).TrimStart('.');
        return cleaned.Length > 0 ? cleaned[..Math.Min(64, cleaned.Length)] : "release";
    }

    /// <summary>Makes a key pair; an existing private key of that name is a conflict (never overwritten).</summary>
    public GeneratedKey Generate(GrytProject project, string name)
    {
        ArgumentNullException.ThrowIfNull(project);
        CheckName(name);
        var privatePath = PrivateKeyPath(name);
        var publicPath = Path.Combine(PublicFolder(project), name + ".pub");
        if (File.Exists(privatePath)) throw new ConflictException($"a gryt key named {name} already exists: {privatePath}", "choose another name with --name, or keep using it");
        if (File.Exists(publicPath)) throw new ConflictException($"{project.Shown(publicPath)} already exists", "choose another name with --name");

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(PrivateFolder);
        else Directory.CreateDirectory(PrivateFolder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // 0600 from the first byte: the private key is never readable by others.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        try
        {
            using var stream = new StreamWriter(new FileStream(privatePath, options));
            stream.Write(key.ExportPkcs8PrivateKeyPem());
            stream.Write('\n');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GrytEnvironmentException($"cannot write the private key {privatePath}: {ex.Message}", inner: ex);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(publicPath)!);
        File.WriteAllText(publicPath, key.ExportSubjectPublicKeyInfoPem() + "\n");
        return new GeneratedKey(name, publicPath, privatePath, Fingerprint(key));
    }

    /// <summary>The first key whose public part the project has and whose private part this user has, sorted by name; null when none.</summary>
    public GrytKeySigner? FindSigner(GrytProject project)
    {
        var folder = PublicFolder(project);
        if (!Directory.Exists(folder)) return null;
        foreach (var publicPath in Directory.EnumerateFiles(folder, "*.pub").Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(publicPath);
            var privatePath = PrivateKeyPath(name);
            if (!File.Exists(privatePath) || ReadPublic(File.ReadAllText(publicPath)) is not { } published) continue;
            var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(File.ReadAllText(privatePath));
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                key.Dispose();
                throw new GrytEnvironmentException($"{privatePath} is not a gryt signing key: {ex.Message}");
            }

            using (published)
            {
                // A private key that does not match the committed public key would sign what no clone can verify.
                if (Fingerprint(published) != Fingerprint(key))
                {
                    key.Dispose();
                    throw new GrytEnvironmentException($"the private key {privatePath} does not match {project.Shown(publicPath)}",
                        "restore the matching private key, or generate a new key and commit its public part");
                }
            }

            return new GrytKeySigner(name, key);
        }

        return null;
    }

    /// <summary>A P-256 public key from SubjectPublicKeyInfo PEM, or null when the text is not one.</summary>
    public static ECDsa? ReadPublic(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (!pem.Contains("-----BEGIN PUBLIC KEY-----", StringComparison.Ordinal)) return null;
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize == 256) return key;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
        }

        key.Dispose();
        return null;
    }

    /// <summary>SHA-256 of the SubjectPublicKeyInfo, as <c>SHA256:</c> and unpadded base64 (as ssh-keygen shows fingerprints).</summary>
    public static string Fingerprint(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return "SHA256:" + Convert.ToBase64String(SHA256.HashData(key.ExportSubjectPublicKeyInfo())).TrimEnd('=');
    }

    public static void CheckName(string name)
    {
        if (name is not { Length: > 0 and <= 64 } || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '.' or '_' or '-')) || name[0] == '.')
        {
            throw new InvalidInputException($"'{name}' is not a key name: use letters, digits, '.', '_' and '-' (at most 64)");
        }
    }
}
